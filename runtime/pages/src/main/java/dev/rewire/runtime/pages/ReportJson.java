package dev.rewire.runtime.pages;

import dev.rewire.runtime.io.DataFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rewire.framework.json.RewireJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes report JSON. NaN (an undefined metric) is written as null. */
public final class ReportJson {

    private static final ObjectMapper MAPPER = RewireJson.mapper().copy()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(nanAsNull());

    private ReportJson() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static com.fasterxml.jackson.databind.module.SimpleModule nanAsNull() {
        com.fasterxml.jackson.databind.module.SimpleModule m = new com.fasterxml.jackson.databind.module.SimpleModule();
        m.addSerializer(Double.class, new NanAsNull());
        m.addSerializer((Class) Double.TYPE, new NanAsNull());
        return m;
    }

    public static void write(Report report, Path file) throws IOException {
        writeValue(report, file);
    }

    /** Any report data as indented JSON, NaN as null. */
    public static void writeValue(Object data, Path file) throws IOException {
        DataFiles.withParent(file);
        MAPPER.writeValue(file.toFile(), data);
    }

    public static JsonNode read(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }

    /** The report as JSON on one line (no indentation: the page stays small), as embedded in the HTML page. */
    static String toCompactJson(Report report) throws IOException {
        return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
    }

    private static final class NanAsNull extends com.fasterxml.jackson.databind.ser.std.StdSerializer<Double> {
        NanAsNull() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, com.fasterxml.jackson.core.JsonGenerator gen,
                              com.fasterxml.jackson.databind.SerializerProvider provider) throws IOException {
            if (value == null || value.isNaN() || value.isInfinite()) {
                gen.writeNull();
            } else {
                gen.writeNumber(value);
            }
        }
    }
}
