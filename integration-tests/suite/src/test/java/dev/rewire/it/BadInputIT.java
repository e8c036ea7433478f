package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Broken lines are rejected with line and reason, written aside, and every valid line is still scored. */
class BadInputIT {

    @Test
    void rejectsAreNamedWrittenAsideAndTheRestIsScored(@TempDir Path work) throws Exception {
        Path out = work.resolve("out/scored.jsonl");
        Rewire.Result r = Rewire.run(work, "score", "--in", Rewire.EXAMPLES.resolve("samples-with-errors.jsonl").toString(),
                "--out", out.toString());
        assertEquals(3, r.status(), r.stderr());
        assertEquals(200, Rewire.readJsonl(out).size());
        List<JsonNode> rejects = Rewire.readJsonl(work.resolve("out/scored.rejects.jsonl"));
        assertEquals(List.of(18, 43, 78, 121, 151), rejects.stream().map(j -> j.get("line").asInt()).toList());
        assertEquals("missing required field 'completion'", rejects.get(1).get("error").asText());
        assertEquals("bad-missing", rejects.get(1).get("id").asText());
        assertEquals("field 'confidence' must be a number, got string \"high\"", rejects.get(2).get("error").asText());
        assertEquals("confidence must be in [0,1], got 1.3", rejects.get(3).get("error").asText());
        assertEquals("record must be a JSON object", rejects.get(4).get("error").asText());
        assertEquals("[1, 2, 3]", rejects.get(4).get("record").asText());
        assertTrue(r.stderr().contains("rejected line 121 (id bad-range): confidence must be in [0,1], got 1.3"),
                r.stderr());
        assertTrue(r.stderr().contains("records in 205, out 200, rejected 5"), r.stderr());
    }

    @Test
    void rejectsGoWhereTheUserSays(@TempDir Path work) throws Exception {
        Path in = work.resolve("in.jsonl");
        Files.writeString(in, "{\"id\":\"a\",\"prompt_id\":\"p\",\"domain\":\"math\",\"prompt\":\"q\",\"completion\":\"\\\\boxed{1}\",\"reference\":\"1\"}\nnot json\n");
        Rewire.Result r = Rewire.run(work, "score", "--in", in.toString(), "--out", "-",
                "--rejects", work.resolve("bad.jsonl").toString());
        assertEquals(3, r.status(), r.stderr());
        assertEquals(1, r.stdout().lines().count(), "stdout holds only the reward record: " + r.stdout());
        assertEquals(2, Rewire.readJsonl(work.resolve("bad.jsonl")).get(0).get("line").asInt());
    }

    @Test
    void usageErrorsExitWithTwo(@TempDir Path work) throws Exception {
        assertEquals(2, Rewire.run(work, "score", "--out", "-").status());
        assertEquals(2, Rewire.run(work, "score", "--in", "missing.jsonl", "--out", "-").status());
        Rewire.Result help = Rewire.run(work, "score", "--help");
        assertEquals(0, help.status());
        assertTrue(help.stdout().contains("--batch-size"), help.stdout());
    }

    /** A rejects line may carry a record over Jackson's default string limit (the HUGE_STRING class): read it whole. */
    private static JsonNode readLarge(String line) {
        try {
            return LARGE.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper LARGE = new com.fasterxml.jackson.databind.ObjectMapper(
            com.fasterxml.jackson.core.JsonFactory.builder().streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints
                    .builder().maxStringLength(Integer.MAX_VALUE).build()).build());

    private static void assertNoStackTrace(Rewire.Result r) {
        assertFalse(r.stderr().contains("\tat ") || r.stderr().contains("Exception in thread"),
                "no stack trace: " + r.stderr());
    }

    /**
     * The invariant over a generated mix of good and broken lines (fixed seed, every category of
     * {@link BadInputGenerator}): valid records in = records out, every broken line in the rejects
     * file with its line number and a reason, no stack trace, exit status 3.
     */
    @Test
    void generatedBadInputKeepsTheInvariantForScorePairsAndCheck(@TempDir Path work) throws Exception {
        BadInputGenerator.Output samples = BadInputGenerator.samples(20261129L, 1200);
        Path in = work.resolve("samples.jsonl");
        Files.write(in, samples.bytes());
        Path out = work.resolve("scored.jsonl");
        Rewire.Result score = Rewire.run(work, "score", "--in", in.toString(), "--out", out.toString());
        assertEquals(3, score.status(), score.stderr());
        assertNoStackTrace(score);
        assertEquals(samples.valid(), Rewire.readJsonl(out).size(), "valid records in = records out");
        List<JsonNode> rejects = Rewire.readJsonl(work.resolve("scored.rejects.jsonl"));
        assertEquals(samples.badLines(), rejects.stream().map(j -> j.get("line").asLong()).toList(),
                "every broken line, and only those, with its line number");
        for (JsonNode r : rejects) {
            assertFalse(r.get("error").asText().isBlank(), r.toString());
            assertTrue(r.has("record"), "the original text is kept: " + r);
        }
        assertTrue(samples.lines().stream().map(BadInputGenerator.Line::category).distinct().count() >= 15,
                "the mix covers the categories");

        List<String> goodPairs = Files.readAllLines(Rewire.EXAMPLES.resolve("pairs.jsonl")).subList(0, 60);
        BadInputGenerator.Output pairs = BadInputGenerator.pairs(7L, goodPairs);
        Path pairsIn = work.resolve("pairs.jsonl");
        Files.write(pairsIn, pairs.bytes());
        Rewire.Result p = Rewire.run(work, "pairs", "--in", pairsIn.toString(), "--out", work.resolve("w.jsonl").toString());
        assertEquals(3, p.status(), p.stderr());
        assertNoStackTrace(p);
        assertEquals(pairs.valid(), Rewire.readJsonl(work.resolve("w.jsonl")).size());
        assertEquals(pairs.badLines(), Rewire.readJsonl(work.resolve("w.rejects.jsonl")).stream()
                .map(j -> j.get("line").asLong()).toList());

        // check: score output with broken lines among it; each is named, the rest is checked
        List<String> scored = Files.readAllLines(out);
        List<String> mixed = new java.util.ArrayList<>(scored);
        mixed.add(3, "{\"id\":\"x\",\"reward\":1");
        mixed.add(10, "[1,2]");
        mixed.add(20, "{\"id\":\"y\",\"prompt_id\":\"p\",\"advantage\":0,\"terms\":{},\"observed\":{}}");
        mixed.add("{\"id\":\"no-domain\",\"prompt_id\":\"p\",\"batch\":0,\"reward\":1,\"advantage\":0,\"terms\":{},"
                + "\"observed\":{\"confidence\":0.9,\"correct\":true}}");
        // a byte order mark on line 1 and a lone CR between two tokens of line 41 are read as the text
        // they carry; bytes that are not UTF-8 on line 31 cost that line, named, never replaced
        mixed.set(40, mixed.get(40).replaceFirst(",", ",\r"));
        mixed.add(30, "{\"id\":\"bad-utf8\",\"reward\":1}");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        for (String line : mixed) {
            byte[] b = (line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (line.contains("bad-utf8")) {
                b[10] = (byte) 0xFF;
            }
            bytes.writeBytes(b);
        }
        Path checkIn = work.resolve("check.jsonl");
        Files.write(checkIn, bytes.toByteArray());
        Path json = work.resolve("report.json");
        Rewire.Result c = Rewire.run(work, "check", "--in", checkIn.toString(), "--report-json", json.toString());
        assertTrue(c.status() == 3 || c.status() == 5, "the documented statuses: " + c.stderr());
        assertNoStackTrace(c);
        assertTrue(c.stderr().contains("skipped line 4: malformed JSON"), c.stderr());
        assertTrue(c.stderr().contains("skipped line 11: "), c.stderr());
        assertTrue(c.stderr().contains("skipped line 21: rewire score output without 'reward'"), c.stderr());
        assertTrue(c.stderr().contains("skipped line 31: invalid UTF-8: byte 0xFF at byte 11 of the line"), c.stderr());
        assertFalse(c.stderr().contains("skipped line 1:"), "a byte order mark is not an error: " + c.stderr());
        assertFalse(c.stderr().contains("skipped line 42"), "a lone CR neither ends nor breaks a line: " + c.stderr());
        assertEquals(scored.size() + 1, Rewire.JSON.readTree(json.toFile()).get("records").asLong(),
                "a record whose observed block names no domain is checked too");
    }

    /**
     * Each class of {@link BadInputGenerator.EdgeClass}, on its own between good records: the exit
     * status, every good record scored, every bad line rejected with its line, its id and the exact
     * reason (in the rejects file and on stderr), the class's own words on stderr, and what holds for
     * every input: no stack trace, nothing on stderr that would garble a terminal (an escape
     * character, a line of 100 KB).
     */
    @ParameterizedTest
    @EnumSource(BadInputGenerator.EdgeClass.class)
    void eachEdgeClassGetsItsOwnExactBehaviour(BadInputGenerator.EdgeClass edgeClass, @TempDir Path work) throws Exception {
        BadInputGenerator.EdgeCase expected = BadInputGenerator.edge(edgeClass);
        Path in = work.resolve("in.jsonl");
        Files.write(in, expected.bytes());
        Path out = work.resolve("scored.jsonl");
        Rewire.Result r = Rewire.run(work, "score", "--in", in.toString(), "--out", out.toString());
        String stderr = r.stderr().length() > 4000 ? r.stderr().substring(0, 4000) + "..." : r.stderr();
        assertEquals(expected.status(), r.status(), edgeClass + ": " + stderr);
        assertNoStackTrace(r);
        Set<String> scored = Files.exists(out) ? Rewire.readJsonl(out).stream().map(j -> j.get("id").asText())
                .collect(Collectors.toSet()) : Set.of();
        assertEquals(expected.scored(), scored, edgeClass + ": every good record scored, no other: " + stderr);

        Path rejectsFile = work.resolve("scored.rejects.jsonl");
        List<BadInputGenerator.Reject> rejects = Files.exists(rejectsFile) ? Files.readAllLines(rejectsFile).stream()
                .map(BadInputIT::readLarge).map(j -> new BadInputGenerator.Reject(j.get("line").asLong(), j.has("id") ? j.get("id").asText() : null,
                        j.get("error").asText())).toList() : List.of();
        assertEquals(expected.rejects(), rejects, edgeClass + ": line, id and reason of every rejection");
        for (BadInputGenerator.Reject reject : expected.rejects()) {
            assertTrue(r.stderr().contains("rejected line " + reject.line() + (reject.id() == null ? ": " : " (id "))
                    && r.stderr().contains(": " + reject.error()), edgeClass + ": told on stderr: " + stderr);
        }
        for (String words : expected.stderrHas()) {
            assertTrue(r.stderr().contains(words), edgeClass + ": stderr says \"" + words + "\": " + stderr);
        }
        assertFalse(r.stderr().contains("\u001b"), edgeClass + ": no escape character reaches the terminal");
        assertTrue(r.stderr().lines().allMatch(l -> l.length() < 2000), edgeClass + ": no stderr line of 2000 characters");
    }
}
