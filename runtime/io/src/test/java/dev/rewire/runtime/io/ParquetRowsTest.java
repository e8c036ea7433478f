package dev.rewire.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parquet rows read as the JSON text a JSONL line would carry, numbered across row groups; bad files named. */
class ParquetRowsTest {

    /** veRL's layout: a chat prompt, reward_model.ground_truth, extra_info; plus a map and a non-string list. */
    static final MessageType VERL = MessageTypeParser.parseMessageType("""
            message verl {
              optional binary data_source (STRING);
              optional group prompt (LIST) {
                repeated group list {
                  optional group element { optional binary role (STRING); optional binary content (STRING); }
                }
              }
              optional binary ability (STRING);
              optional group reward_model { optional binary ground_truth (STRING); optional binary style (STRING); }
              optional group extra_info { optional int64 index; optional binary split (STRING); optional double score; }
              optional group tags (MAP) {
                repeated group key_value { required binary key (STRING); optional int32 value; }
              }
              optional group steps (LIST) { repeated group list { optional int32 element; } }
              optional boolean done;
              optional binary meta (JSON);
            }
            """);

    @TempDir
    Path work;

    private static Group verlRow(long index, String groundTruth) {
        Group row = new SimpleGroupFactory(VERL).newGroup();
        row.append("data_source", "openai/gsm8k");
        Group prompt = row.addGroup("prompt");
        prompt.addGroup("list").addGroup("element").append("role", "system").append("content", "Be brief.");
        prompt.addGroup("list").addGroup("element").append("role", "user").append("content", "What is \"2+2\"?");
        row.append("ability", "math");
        row.addGroup("reward_model").append("ground_truth", groundTruth).append("style", "rule");
        row.addGroup("extra_info").append("index", index).append("split", "train");
        Group tags = row.addGroup("tags");
        tags.addGroup("key_value").append("key", "a").append("value", 1);
        tags.addGroup("key_value").append("key", "b");
        Group steps = row.addGroup("steps");
        steps.addGroup("list").append("element", 3);
        steps.addGroup("list");
        row.append("done", true);
        row.append("meta", "{\"k\":[1,2]}");
        return row;
    }

    private Path write(String name, MessageType schema, List<Group> rows, long rowGroupBytes) throws IOException {
        Path file = work.resolve(name);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE).withRowGroupSize(rowGroupBytes)
                .withPageRowCountLimit(10).withMinRowCountForPageSizeCheck(1).build()) {
            for (Group g : rows) {
                w.write(g);
            }
        }
        return file;
    }

    private static List<InputRecords.Line> readAll(InputRecords in) {
        List<InputRecords.Line> lines = new ArrayList<>();
        for (InputRecords.Line l = in.next(); l != null; l = in.next()) {
            lines.add(l);
        }
        return lines;
    }

    @Test
    void nestedColumnsBecomeNestedJsonAndAbsentOnesAreLeftOut() throws Exception {
        Group sparse = new SimpleGroupFactory(VERL).newGroup();
        sparse.addGroup("reward_model").append("ground_truth", "7");
        Path file = write("verl.parquet", VERL, List.of(verlRow(0, "4"), sparse), ParquetWriter.DEFAULT_BLOCK_SIZE);
        try (InputRecords in = DataFiles.openRecords(file)) {
            assertEquals("row", in.unit());
            assertEquals(new InputRecords.Line(1, "{\"data_source\":\"openai/gsm8k\",\"prompt\":[{\"role\":\"system\","
                    + "\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"What is \\\"2+2\\\"?\"}],"
                    + "\"ability\":\"math\",\"reward_model\":{\"ground_truth\":\"4\",\"style\":\"rule\"},"
                    + "\"extra_info\":{\"index\":0,\"split\":\"train\"},\"tags\":{\"a\":1,\"b\":null},"
                    + "\"steps\":[3,null],\"done\":true,\"meta\":{\"k\":[1,2]}}", null), in.next());
            assertEquals(new InputRecords.Line(2, "{\"reward_model\":{\"ground_truth\":\"7\"}}", null), in.next());
            assertNull(in.next());
            assertTrue(in.lastLineEnded());
            assertEquals(Files.size(file), in.bytesRead(), "the whole file, once read to its end");
        }
    }

    /** The codecs files come with: pyarrow, pandas and Spark write Snappy, Polars Zstandard; gzip and LZ4_RAW occur. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = CompressionCodecName.class,
            names = {"UNCOMPRESSED", "SNAPPY", "ZSTD", "GZIP", "LZ4_RAW"})
    void everyCommonCodecIsRead(CompressionCodecName codec) throws Exception {
        Path file = work.resolve(codec + ".parquet");
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(VERL)
                .withCompressionCodec(codec).build()) {
            w.write(verlRow(7, "4"));
        }
        try (InputRecords in = DataFiles.openRecords(file)) {
            assertTrue(in.next().text().contains("\"reward_model\":{\"ground_truth\":\"4\""), codec.toString());
        }
    }

    @Test
    void rowsAreNumberedFromOneAcrossRowGroups() throws Exception {
        List<Group> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(verlRow(i, "x".repeat(200)));
        }
        // row groups of ~1 KiB: many of them, each read on its own
        Path file = write("many.parquet", VERL, rows, 1024);
        try (ParquetRows in = ParquetRows.open(file)) {
            List<InputRecords.Line> lines = readAll(in);
            assertEquals(500, lines.size());
            for (int i = 0; i < 500; i++) {
                assertEquals(i + 1, lines.get(i).number());
                assertTrue(lines.get(i).text().contains("\"extra_info\":{\"index\":" + i + ","), lines.get(i).text());
            }
        }
        try (org.apache.parquet.hadoop.ParquetFileReader r = org.apache.parquet.hadoop.ParquetFileReader.open(
                new org.apache.parquet.io.LocalInputFile(file))) {
            assertTrue(r.getRowGroups().size() > 1, "several row groups: " + r.getRowGroups().size());
        }
    }

    @Test
    void aFileOfAnotherNameIsParquetByItsMagicBytes() throws Exception {
        Path file = write("verl.parquet", VERL, List.of(verlRow(0, "4")), ParquetWriter.DEFAULT_BLOCK_SIZE);
        Path renamed = Files.move(file, work.resolve("train.data"));
        assertTrue(ParquetFiles.isParquet(renamed));
        Path jsonl = Files.writeString(work.resolve("x.jsonl"), "{}\n");
        assertFalse(ParquetFiles.isParquet(jsonl));
        assertFalse(ParquetFiles.isParquet(null), "stdin is JSONL");
        try (InputRecords in = DataFiles.openRecords(renamed)) {
            assertEquals("row", in.unit());
        }
    }

    @Test
    void aFileThatIsNotParquetOrIsCutShortIsRefusedNamingIt() throws Exception {
        Path notParquet = Files.writeString(work.resolve("samples.parquet"), "{\"id\":\"a\",\"prompt\":\"p\"}\n");
        IOException e = assertThrows(IOException.class, () -> DataFiles.openRecords(notParquet));
        assertEquals("the input " + notParquet + " is not a Parquet file (it does not start or end with PAR1)",
                e.getMessage());

        Path whole = write("whole.parquet", VERL, List.of(verlRow(0, "4"), verlRow(1, "5")), ParquetWriter.DEFAULT_BLOCK_SIZE);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(work.resolve("cut.parquet"), Arrays.copyOf(bytes, bytes.length - 10));
        e = assertThrows(IOException.class, () -> DataFiles.openRecords(cut));
        assertEquals("the input " + cut + " starts as Parquet but does not end as Parquet does (PAR1 after its "
                + "footer): a file cut short?", e.getMessage());

        // the magic bytes at both ends, a footer of garbage between
        byte[] garbled = bytes.clone();
        Arrays.fill(garbled, garbled.length - 40, garbled.length - 8, (byte) 0x55);
        Path badFooter = Files.write(work.resolve("footer.parquet"), garbled);
        e = assertThrows(IOException.class, () -> DataFiles.openRecords(badFooter));
        assertTrue(e.getMessage().startsWith("the input " + badFooter + " is not a readable Parquet file: its footer "
                + "cannot be read ("), e.getMessage());
    }

    @Test
    void aCorruptRowGroupStopsTheReadNamingTheFile() throws Exception {
        Path whole = write("whole.parquet", VERL, List.of(verlRow(0, "4"), verlRow(1, "5")), ParquetWriter.DEFAULT_BLOCK_SIZE);
        byte[] bytes = Files.readAllBytes(whole);
        // the column data after the magic bytes overwritten, the footer kept
        Arrays.fill(bytes, 4, 60, (byte) 0x7f);
        Path corrupt = Files.write(work.resolve("corrupt.parquet"), bytes);
        try (InputRecords in = DataFiles.openRecords(corrupt)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> readAll(in));
            assertTrue(e.getMessage().startsWith("the input " + corrupt + ": Parquet row group 1 of 1 cannot be read "
                    + "before its first row (a corrupt file?): "), e.getMessage());
            assertEquals(e.getMessage(), e.getCause().getMessage());
        }
    }

    @Test
    void bytesThatAreNotUtf8MakeTheirRowAnErrorAndTheNextRowsStillCome() throws Exception {
        MessageType schema = MessageTypeParser.parseMessageType("message m { optional binary id (STRING); }");
        Group bad = new SimpleGroupFactory(schema).newGroup().append("id", Binary.fromConstantByteArray(new byte[] {'a', (byte) 0xff}));
        Group good = new SimpleGroupFactory(schema).newGroup().append("id", "b");
        Path file = write("bytes.parquet", schema, List.of(bad, good), ParquetWriter.DEFAULT_BLOCK_SIZE);
        try (InputRecords in = DataFiles.openRecords(file)) {
            assertEquals(new InputRecords.Line(1, "{\"id\":\"a\uFFFD\"}", "column 'id' holds bytes that are not UTF-8 text"),
                    in.next());
            assertEquals(new InputRecords.Line(2, "{\"id\":\"b\"}", null), in.next());
        }
    }

    @Test
    void rejectedRowsAreNamedAsRowsInTheRejectsFile() throws Exception {
        Path rejects = work.resolve("out.rejects.jsonl");
        List<String> told = new ArrayList<>();
        try (RejectSink sink = new RejectSink(rejects, told::add, 0, "row")) {
            sink.reject(new DecodedLine<>(3, "{\"id\":\"x\"}", null, "x", "missing required field 'prompt'"));
        }
        assertEquals(List.of("rejected row 3 (id x): missing required field 'prompt'"), told);
        assertEquals("{\"row\":3,\"id\":\"x\",\"error\":\"missing required field 'prompt'\",\"record\":\"{\\\"id\\\":\\\"x\\\"}\"}\n",
                Files.readString(rejects, StandardCharsets.UTF_8));
        assertEquals(work.resolve("out.rejects.jsonl"), DataFiles.rejectsBeside(work.resolve("out.parquet").toString()));
    }
}
