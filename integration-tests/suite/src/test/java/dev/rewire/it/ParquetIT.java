package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet beside JSONL for the local commands: veRL-shaped rows (a chat prompt, {@code reward_model.ground_truth},
 * {@code extra_info}, {@code uid}, nested judgments) score exactly as the same rows in JSONL; a scored Parquet file
 * is read by check, explain and diff as its JSONL twin is; a bad row is rejected by its row number while the others
 * flow; pairs read and write Parquet. The files are made here with the Parquet library's own Group API.
 */
class ParquetIT {

    /** veRL's columns, and the example's other sample fields, nested as a datasets/pyarrow export types them. */
    static final MessageType VERL = MessageTypeParser.parseMessageType("""
            message verl_row {
              required binary data_source (STRING);
              required group prompt (LIST) {
                repeated group list {
                  required group element { required binary role (STRING); required binary content (STRING); }
                }
              }
              required binary completion (STRING);
              required binary ability (STRING);
              optional group reward_model { optional binary ground_truth (STRING); required binary style (STRING); }
              required group extra_info { required int64 index; required binary split (STRING); }
              required binary uid (STRING);
              required binary source (STRING);
              optional boolean approved;
              optional int64 completion_tokens;
              optional double rm_score;
              optional group answer_token_probs (LIST) {
                repeated group list {
                  required group element (LIST) { repeated group list { required double element; } }
                }
              }
              optional group judgments (LIST) {
                repeated group list {
                  required group element {
                    required binary annotator (STRING);
                    required binary pick (STRING);
                    optional int32 round;
                    optional int64 time_ms;
                  }
                }
              }
            }
            """);

    /** The pairs example's columns. */
    static final MessageType PAIRS = MessageTypeParser.parseMessageType("""
            message pair {
              required binary id (STRING);
              required binary prompt_id (STRING);
              required binary domain (STRING);
              required binary prompt (STRING);
              required binary a (STRING);
              required binary b (STRING);
              required group judgments (LIST) {
                repeated group list {
                  required group element {
                    required binary annotator (STRING);
                    required binary pick (STRING);
                    optional int32 round;
                    optional binary shown_order (STRING);
                    optional binary framing (STRING);
                    optional int64 time_ms;
                  }
                }
              }
            }
            """);

    /** Enough of the example for every term and several batches, few enough for a quick run. */
    static final int ROWS = 400;

    @TempDir
    static Path work;
    static Path verlJsonl;
    static Path verlParquet;

    @BeforeAll
    static void writeVerlRows() throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        List<JsonNode> samples = Rewire.readJsonl(Rewire.EXAMPLES.resolve("samples.jsonl"));
        for (int i = 0; i < ROWS; i++) {
            rows.add(verlRow(samples.get(i), i));
        }
        verlJsonl = writeJsonl(work.resolve("verl.jsonl"), rows);
        verlParquet = writeParquet(work.resolve("verl.parquet"), VERL, rows);
    }

    /** A sample as veRL lays it out: no id (its place names it), the group key in uid, the reference in reward_model. */
    static ObjectNode verlRow(JsonNode sample, int index) {
        ObjectNode row = Rewire.JSON.createObjectNode();
        row.put("data_source", sample.get("domain").asText());
        row.putArray("prompt").addObject().put("role", "user").put("content", sample.get("prompt").asText());
        row.put("completion", sample.get("completion").asText());
        row.put("ability", sample.get("domain").asText());
        ObjectNode rewardModel = row.putObject("reward_model").put("style", "rule");
        if (sample.has("reference")) {
            rewardModel.put("ground_truth", sample.get("reference").asText());
        }
        row.putObject("extra_info").put("index", index).put("split", "train");
        row.put("uid", sample.get("prompt_id").asText());
        row.put("source", sample.get("source").asText());
        for (String field : List.of("approved", "completion_tokens", "rm_score", "answer_token_probs", "judgments")) {
            if (sample.has(field)) {
                row.set(field, sample.get(field));
            }
        }
        return row;
    }

    static Path writeJsonl(Path file, List<JsonNode> rows) throws IOException {
        StringBuilder text = new StringBuilder();
        for (JsonNode r : rows) {
            text.append(Rewire.JSON.writeValueAsString(r)).append('\n');
        }
        return Files.writeString(file, text);
    }

    static Path writeParquet(Path file, MessageType schema, List<JsonNode> rows) throws IOException {
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).withRowGroupSize(64L << 10).build()) {
            for (JsonNode r : rows) {
                Group g = new SimpleGroupFactory(schema).newGroup();
                fill(g, schema, r);
                w.write(g);
            }
        }
        return file;
    }

    /** The Group API's own way of laying a JSON object onto a schema: objects as groups, arrays as three-level lists. */
    private static void fill(Group group, GroupType type, JsonNode object) {
        for (Type field : type.getFields()) {
            JsonNode v = object.get(field.getName());
            if (v != null && !v.isNull()) {
                add(group, field, v);
            }
        }
    }

    private static void add(Group parent, Type field, JsonNode v) {
        String name = field.getName();
        if (field.isPrimitive()) {
            switch (field.asPrimitiveType().getPrimitiveTypeName()) {
                case BINARY -> parent.append(name, v.asText());
                case INT32 -> parent.append(name, v.intValue());
                case INT64 -> parent.append(name, v.longValue());
                case DOUBLE -> parent.append(name, v.doubleValue());
                case BOOLEAN -> parent.append(name, v.booleanValue());
                default -> throw new IllegalArgumentException(field.toString());
            }
        } else if (field.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            Group list = parent.addGroup(name);
            Type element = field.asGroupType().getType(0).asGroupType().getType(0);
            for (JsonNode e : v) {
                add(list.addGroup(0), element, e);
            }
        } else {
            fill(parent.addGroup(name), field.asGroupType(), v);
        }
    }

    /** A scored record without its id, which names its place: line-N in JSONL, row-N in Parquet. */
    private static List<JsonNode> withoutIds(List<JsonNode> records, String idPrefix) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : records) {
            assertTrue(r.get("id").asText().startsWith(idPrefix), r.get("id").asText());
            ObjectNode copy = r.deepCopy();
            copy.put("id", r.get("id").asText().substring(idPrefix.length()));
            out.add(copy);
        }
        return out;
    }

    @Test
    void veRLRowsScoreAsTheSameRowsInJsonl() throws Exception {
        Rewire.Result fromJsonl = Rewire.run(work, "score", "--in", verlJsonl.toString(), "--out",
                work.resolve("from-jsonl.jsonl").toString());
        Rewire.Result fromParquet = Rewire.run(work, "score", "--in", verlParquet.toString(), "--out",
                work.resolve("from-parquet.jsonl").toString());
        assertEquals(0, fromJsonl.status(), fromJsonl.stderr());
        assertEquals(0, fromParquet.status(), fromParquet.stderr());
        List<JsonNode> jsonl = Rewire.readJsonl(work.resolve("from-jsonl.jsonl"));
        List<JsonNode> parquet = Rewire.readJsonl(work.resolve("from-parquet.jsonl"));
        assertEquals(ROWS, parquet.size());
        assertEquals("row-1", parquet.get(0).get("id").asText());
        assertEquals(withoutIds(jsonl, "line-"), withoutIds(parquet, "row-"));
        // the veRL columns were read through the aliases: the group key from uid, the domain from data_source,
        // and reward_model.ground_truth, a nested column, graded the answer
        JsonNode first = parquet.get(0);
        assertEquals("uid-math-0", first.get("prompt_id").asText());
        assertEquals("math", first.at("/observed/domain").asText());
        assertEquals(1.0, first.at("/terms/exact_match/value").asDouble(), first.toString());
        assertEquals("998", first.at("/terms/exact_match/explanation/extracted").asText(), first.toString());
    }

    @Test
    void aScoredParquetIsReadByCheckExplainAndDiffAsItsJsonlTwin() throws Exception {
        Path scoredJsonl = work.resolve("scored.jsonl");
        Path scoredParquet = work.resolve("scored.parquet");
        assertEquals(0, Rewire.run(work, "score", "--in", verlJsonl.toString(), "--out", scoredJsonl.toString()).status());
        Rewire.Result toParquet = Rewire.run(work, "score", "--in", verlJsonl.toString(), "--out", scoredParquet.toString());
        assertEquals(0, toParquet.status(), toParquet.stderr());
        assertTrue(Files.exists(scoredParquet) && !Files.exists(work.resolve("scored.parquet.checkpoint")));

        MessageType schema;
        long rows;
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(scoredParquet))) {
            schema = r.getFooter().getFileMetaData().getSchema();
            rows = r.getRecordCount();
        }
        assertEquals(ROWS, rows);
        assertEquals(PrimitiveType.PrimitiveTypeName.DOUBLE, schema.getType("reward").asPrimitiveType().getPrimitiveTypeName());
        assertEquals(LogicalTypeAnnotation.mapType(), schema.getType("terms").getLogicalTypeAnnotation());
        assertEquals(LogicalTypeAnnotation.jsonType(), schema.getType("provenance").getLogicalTypeAnnotation());

        Rewire.Result checkJsonl = Rewire.run(work, "check", "--in", scoredJsonl.toString(), "--report-json",
                work.resolve("check-jsonl.json").toString());
        Rewire.Result checkParquet = Rewire.run(work, "check", "--in", scoredParquet.toString(), "--report-json",
                work.resolve("check-parquet.json").toString());
        assertEquals(checkJsonl.status(), checkParquet.status(), checkParquet.stderr());
        assertEquals(checkJsonl.stderr(), checkParquet.stderr());
        assertEquals(Rewire.JSON.readTree(work.resolve("check-jsonl.json").toFile()),
                Rewire.JSON.readTree(work.resolve("check-parquet.json").toFile()));

        for (String id : List.of("line-1", "line-137", "line-400")) {
            Rewire.Result explainJsonl = Rewire.run(work, "explain", "--in", scoredJsonl.toString(), id, "--json");
            Rewire.Result explainParquet = Rewire.run(work, "explain", "--in", scoredParquet.toString(), id, "--json");
            assertEquals(0, explainParquet.status(), explainParquet.stderr());
            assertEquals(explainJsonl.stdout(), explainParquet.stdout(), id);
            assertTrue(explainParquet.stdout().contains("\"id\" : \"" + id + "\""), explainParquet.stdout());
        }

        Rewire.Result diff = Rewire.run(work, "diff", "--scored", scoredJsonl.toString(), scoredParquet.toString(),
                "--report-json", "-");
        assertEquals(0, diff.status(), diff.stderr());
        JsonNode summary = Rewire.JSON.readTree(diff.stdout());
        assertEquals(ROWS, summary.at("/diff/samples_compared").asInt(), diff.stdout());
        assertEquals(0, summary.at("/diff/reward/sign_flips").asInt(), diff.stdout());
        assertEquals(0.0, summary.at("/diff/reward/mean_shift").asDouble(), diff.stdout());
        assertTrue(diff.stderr().contains("diff: " + ROWS + " samples compared;") && diff.stderr().contains("(shift +0.0000); "
                + "advantage sign flips 0 (0.00%)"), diff.stderr());
    }

    @Test
    void aRowWithABadValueIsRejectedByItsRowNumberAndTheOthersFlow() throws Exception {
        List<JsonNode> samples = Rewire.readJsonl(Rewire.EXAMPLES.resolve("samples.jsonl"));
        List<JsonNode> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(verlRow(samples.get(i), i));
        }
        ((ObjectNode) rows.get(1)).put("completion_tokens", -3);
        Path bad = writeParquet(work.resolve("bad.parquet"), VERL, rows);
        Path out = work.resolve("bad-scored.jsonl");
        Rewire.Result r = Rewire.run(work, "score", "--in", bad.toString(), "--out", out.toString());
        assertEquals(3, r.status(), r.stderr());
        List<JsonNode> scored = Rewire.readJsonl(out);
        assertEquals(List.of("row-1", "row-3"), scored.stream().map(n -> n.get("id").asText()).toList());
        List<JsonNode> rejects = Rewire.readJsonl(work.resolve("bad-scored.rejects.jsonl"));
        assertEquals(1, rejects.size());
        JsonNode rejected = rejects.get(0);
        assertEquals(2, rejected.get("row").asInt(), rejected.toString());
        assertEquals("completion_tokens must be a whole number >= 0, got -3.0", rejected.get("error").asText());
        assertEquals("row-2", rejected.get("id").asText());
        assertTrue(r.stderr().contains("rejected row 2 (id row-2): completion_tokens must be a whole number >= 0, got -3.0\n"),
                r.stderr());
        // the row as the JSON text it was decoded from
        assertEquals(rows.get(1), Rewire.JSON.readTree(rejected.get("record").asText()));
    }

    @Test
    void aParquetFileCutShortIsRefusedNamingIt() throws Exception {
        byte[] whole = Files.readAllBytes(verlParquet);
        Path cut = Files.write(work.resolve("cut.parquet"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Rewire.Result r = Rewire.run(work, "score", "--in", cut.toString(), "--out", work.resolve("cut.jsonl").toString());
        assertEquals(1, r.status(), r.stderr());
        assertTrue(r.stderr().contains("rewire: the input " + cut + " starts as Parquet but does not end as Parquet does "
                + "(PAR1 after its footer): a file cut short?"), r.stderr());
    }

    @Test
    void pairsReadAndWriteParquet() throws Exception {
        List<JsonNode> pairs = Rewire.readJsonl(Rewire.EXAMPLES.resolve("pairs.jsonl"));
        Path pairsParquet = writeParquet(work.resolve("pairs.parquet"), PAIRS, pairs);
        Rewire.Result fromJsonl = Rewire.run(work, "pairs", "--in", Rewire.EXAMPLES.resolve("pairs.jsonl").toString(),
                "--out", work.resolve("reward.jsonl").toString(), "--format", "trl-reward");
        Rewire.Result fromParquet = Rewire.run(work, "pairs", "--in", pairsParquet.toString(),
                "--out", work.resolve("reward.parquet").toString(), "--format", "trl-reward");
        assertEquals(0, fromJsonl.status(), fromJsonl.stderr());
        assertEquals(0, fromParquet.status(), fromParquet.stderr());
        List<JsonNode> expected = Rewire.readJsonl(work.resolve("reward.jsonl"));
        List<Group> written = readParquet(work.resolve("reward.parquet"));
        assertEquals(expected.size(), written.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode e = expected.get(i);
            Group g = written.get(i);
            for (String column : List.of("prompt", "chosen", "rejected")) {
                // the chat template: a list of {role, content} messages, as TRL's conversational format
                Group message = g.getGroup(column, 0).getGroup("list", 0).getGroup("element", 0);
                assertEquals(e.get(column).get(0).get("role").asText(), message.getString("role", 0));
                assertEquals(e.get(column).get(0).get("content").asText(), message.getString("content", 0));
            }
            assertEquals(e.get("margin").asDouble(), g.getDouble("margin", 0));
        }
    }

    private static List<Group> readParquet(Path file) throws IOException {
        List<Group> rows = new ArrayList<>();
        try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(file))) {
            MessageType schema = r.getFooter().getFileMetaData().getSchema();
            PageReadStore pages;
            while ((pages = r.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    rows.add(records.read());
                }
            }
        }
        return rows;
    }
}
