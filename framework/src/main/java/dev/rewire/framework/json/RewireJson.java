package dev.rewire.framework.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.rewire.framework.record.RewardRecord;
import java.io.IOException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson configuration of Rewire's formats: snake_case fields, nulls left out, a key
 * given twice in one object rejected.
 * The mapper is thread safe once built; share it.
 */
public final class RewireJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // a key given twice is an error, never "the last one wins" without a word
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // a reward record is written by its codec wherever it is written (files, serve's answers)
            .addModule(new SimpleModule("rewire-records").addSerializer(RewardRecord.class, new RecordSerializer()))
            .build();

    private RewireJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static final class RecordSerializer extends StdSerializer<RewardRecord> {
        RecordSerializer() {
            super(RewardRecord.class);
        }

        @Override
        public void serialize(RewardRecord r, JsonGenerator g, SerializerProvider provider) throws IOException {
            RewardRecordCodec.write(g, r, (gen, p) -> provider.defaultSerializeValue(p, gen));
        }
    }
}
