package dev.rewire.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.model.Observation;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.record.GroupInfo;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.record.TermOutcome;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scored Parquet file reads back as the records it was written from: the JSON of each row is the JSONL line's. */
class ParquetRecordSinkTest {

    @TempDir
    Path work;

    static List<RewardRecord> records() {
        Map<String, TermOutcome> terms = new LinkedHashMap<>();
        terms.put("exact_match", new TermOutcome(1.0, 1.0, null, List.of("math: answer checked =1.0"),
                Map.of("extracted", "998", "compared", "998 = 998")));
        terms.put("rlcr_brier", new TermOutcome(null, 0.5, "format: no <confidence> tag", List.of()));
        terms.put("verbosity", new TermOutcome(-0.1241000000000001, 0.1, null));
        Provenance provenance = new Provenance(Map.of("dev.rewire.terms.answer", "0.1.0"), "ab12",
                Map.of("length_penalty", Map.of("buffer", 512, "factor", 1.0, "on", true)));
        return List.of(
                new RewardRecord("a", "p-1", 3, 0.7745950692447884, -0.25, new GroupInfo(4, true, 4), terms,
                        List.of("rule one", "rule \"two\""), null, new Observation("math", "dataset", 8, null, true, null),
                        provenance),
                new RewardRecord("ünï \"quoted\" \n line", "p-2", 3, Double.NaN, Double.POSITIVE_INFINITY,
                        new GroupInfo(1, false, null), new LinkedHashMap<>(), List.of(), Verdict.GENUINE,
                        new Observation("chat", "ai_judge", 0, 0.79, false, true), new Provenance(Map.of(), "cd34", null)),
                new RewardRecord("c", "p", 0, -0.0, 0.0, null, Map.of(), null, null,
                        new Observation("chat", null, 12, null, null, null), null));
    }

    @Test
    void rowsReadBackAsTheJsonlLinesAndTheRecords() throws Exception {
        List<RewardRecord> records = records();
        Path file = work.resolve("scored.parquet");
        try (RecordSink sink = DataFiles.createRecords(file.toString(), null)) {
            sink.write(records.subList(0, 2));
            sink.write(records.subList(2, 3));
        }
        ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
        new RecordEncoder().encodeTo(records, jsonl);
        List<String> lines = jsonl.toString(StandardCharsets.UTF_8).lines().toList();

        List<RewardRecord> read = new ArrayList<>();
        try (InputRecords rows = DataFiles.openRecords(file)) {
            for (int i = 0; i < lines.size(); i++) {
                InputRecords.Line row = rows.next();
                assertEquals(i + 1, row.number());
                assertNull(row.error());
                assertEquals(RewireJson.mapper().readTree(lines.get(i)), RewireJson.mapper().readTree(row.text()),
                        "row " + (i + 1) + " is the JSONL line's object");
                RewardRecord fromRow = ScoredRecordReader.scoreRecord(row.text());
                // compared as text: NaN never equals itself
                assertEquals(encodedLine(ScoredRecordReader.scoreRecord(lines.get(i))), encodedLine(fromRow),
                        "row " + (i + 1) + " reads as the JSONL line reads");
                read.add(fromRow);
            }
            assertNull(rows.next());
        }
        assertEquals(records.get(0), read.get(0), "every field kept");
        assertEquals(lines.get(1), encodedLine(read.get(1)), "NaN, infinity, unicode, an empty map and list kept");
        assertTrue(Double.isNaN(read.get(1).reward()));
    }

    @Test
    void scoredParquetIsReadBackWhole() throws Exception {
        Path file = work.resolve("scored.parquet");
        try (RecordSink sink = DataFiles.createRecords(file.toString(), null)) {
            sink.write(records());
        }
        List<String> told = new ArrayList<>();
        List<RewardRecord> read = ScoredRecords.read(file, told::add);
        assertEquals(3, read.size());
        assertEquals(List.of(), told);
        assertEquals(records().get(0), read.get(0));
    }

    private static String encodedLine(RewardRecord r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new RecordEncoder().encodeTo(List.of(r), out);
        return out.toString(StandardCharsets.UTF_8).strip();
    }
}
