package dev.rewire.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.model.Observation;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RecordEncoderTest {

    /**
     * What Jackson writes for the record types by reflection, with Rewire's settings (snake_case, nulls
     * left out) and no codec: the record's fields as the model declares them, the reference text.
     */
    private static final com.fasterxml.jackson.databind.ObjectMapper REFLECTION =
            com.fasterxml.jackson.databind.json.JsonMapper.builder()
                    .propertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                    .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL).build();

    private static final Provenance SHARED = new Provenance(Map.of("dev.rewire.terms.answer", "0.1.0",
            "dev.rewire.scorer.djl", "0.1.0"), "ab12", Map.of("length_penalty",
            Map.of("buffer", 512, "factor", 1.0, "max_tokens", 4096)));

    private static RewardRecord record(String id, double reward, Map<String, TermOutcome> terms, Verdict verdict,
                                       Observation observed, Provenance provenance) {
        return new RewardRecord(id, "p-" + id, 3, reward, -reward / 3, terms, List.of("rule one", "rule \"two\""),
                verdict, observed, provenance);
    }

    /** Every shape a record takes: what the mapper writes is the reference, byte for byte. */
    @Test
    void writesWhatTheMapperWrites() throws Exception {
        Map<String, TermOutcome> terms = new TreeMap<>();
        terms.put("exact_match", new TermOutcome(1.0, 1.0, null,
                List.of("math: answer checked =1.0", "source: synthetic \"half\" x0.5")));
        terms.put("rlcr_brier", new TermOutcome(null, 0.5, "format: no <confidence> tag", List.of()));
        terms.put("verbosity", new TermOutcome(-0.1241000000000001, 0.1, null));
        List<RewardRecord> records = List.of(
                record("a", 0.7745950692447884, terms, null,
                        new Observation("math", "dataset", 8, null, true, null), SHARED),
                record("b", 1e-300, Map.of(), Verdict.NON_ATTITUDE,
                        new Observation("chat", "ai_judge", 59, 0.79, null, false), SHARED),
                record("ünï \"quoted\" \n line", Double.NaN, new LinkedHashMap<>(), Verdict.GENUINE,
                        new Observation(null, null, 0, 1.0, false, true),
                        new Provenance(Map.of(), "cd34", null)),
                new RewardRecord("c", "p", 0, -0.0, 0.0, null, null, null, null, null));
        StringBuilder expected = new StringBuilder();
        for (RewardRecord r : records) {
            expected.append(REFLECTION.writeValueAsString(r)).append('\n');
        }
        assertEquals(expected.toString(), encoded(new RecordEncoder(), records));
        StringBuilder viaMapper = new StringBuilder();
        for (RewardRecord r : records) {
            viaMapper.append(RewireJson.mapper().writeValueAsString(r)).append('\n');
        }
        assertEquals(expected.toString(), viaMapper.toString(), "the mapper writes records with the same codec");
        for (RewardRecord r : records.subList(0, 2)) {
            assertEquals(r, dev.rewire.framework.json.RewardRecordCodec.read(
                    RewireJson.mapper().readTree(RewireJson.mapper().writeValueAsString(r))), "read back as written");
        }
    }

    @Test
    void anEmptyBatchIsNoText() {
        assertEquals("", encoded(new RecordEncoder(), List.of()));
    }

    /** The cache is by instance within one call: equal but distinct provenances each encode correctly. */
    @Test
    void provenanceIsEncodedPerInstanceAndBatch() throws Exception {
        RecordEncoder encoder = new RecordEncoder();
        Provenance other = new Provenance(Map.of("x", "2.0.0"), "ef56", null);
        Observation o = new Observation("qa", "dataset", 2, null, null, null);
        String first = encoded(encoder, List.of(record("a", 1, Map.of(), null, o, SHARED)));
        String second = encoded(encoder, List.of(record("a", 1, Map.of(), null, o, other)));
        assertEquals(RewireJson.mapper().writeValueAsString(record("a", 1, Map.of(), null, o, other)) + "\n", second);
        assertEquals(RewireJson.mapper().writeValueAsString(record("a", 1, Map.of(), null, o, SHARED)) + "\n", first);
    }


    /** What {@link RecordEncoder#encodeTo} writes, as text. */
    private static String encoded(RecordEncoder encoder, List<dev.rewire.framework.record.RewardRecord> records) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        encoder.encodeTo(records, out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
