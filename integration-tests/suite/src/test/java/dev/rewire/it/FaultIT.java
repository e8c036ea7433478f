package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into a real {@code rewire score} run: misbehaving terms, a hung term, a policy
 * that fails at run time, and input that is broken in the ways files break. Nothing valid is
 * lost, nothing hangs, and every failure says what it was.
 */
class FaultIT {

    private static String sample(String id, String prompt, String completion) {
        return "{\"id\":\"" + id + "\",\"prompt_id\":\"" + prompt + "\",\"domain\":\"math\",\"prompt\":\"1+1?\","
                + "\"completion\":\"" + completion + " \\\\boxed{2}\",\"reference\":\"2\"}";
    }

    private static Path probeSetUp(Path work) throws Exception {
        Server.policyWith(work, "probe.drl", HotDeployIT.PROBE_RULE.formatted("1.0"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Files.copy(Rewire.PROBE_V1, deploy.resolve("probe.jar"));
        return deploy;
    }

    @Test
    void misbehavingTermsAbstainWithTheReasonAndAHungOneIsQuarantined(@TempDir Path work) throws Exception {
        Path deploy = probeSetUp(work);
        Path in = work.resolve("in.jsonl");
        Files.write(in, List.of(
                sample("ok", "a", "fine"), sample("fail", "a", "PROBE_FAIL"), sample("error", "a", "PROBE_ERROR"),
                sample("null", "a", "PROBE_NULL"), sample("huge", "a", "PROBE_HUGE"), sample("nan", "a", "PROBE_NAN"),
                sample("h1", "b", "fine"), sample("h2", "b", "PROBE_HANG"), sample("h3", "b", "fine"),
                sample("after", "c", "fine")));
        Rewire.Result r = Rewire.run(work, "score", "--in", in.toString(), "--out", work.resolve("out.jsonl").toString(),
                "--policy", work.resolve("policy").toString(), "--deploy", deploy.toString(), "--batch-size", "3",
                "--term-timeout-ms", "500");
        assertEquals(0, r.status(), r.stderr());
        List<JsonNode> out = Rewire.readJsonl(work.resolve("out.jsonl"));
        assertEquals(10, out.size(), "every sample has its record");
        assertEquals(1.0, out.get(0).at("/terms/probe/value").asDouble());
        assertEquals("error: IllegalStateException: probe asked to fail", out.get(1).at("/terms/probe/abstained").asText());
        assertEquals("error: AssertionError: probe asked to fail hard", out.get(2).at("/terms/probe/abstained").asText());
        assertEquals("error: the term returned null", out.get(3).at("/terms/probe/abstained").asText());
        assertTrue(out.get(4).at("/terms/probe/abstained").asText().startsWith("error: value 1.0E308 out of range"),
                out.get(4).toString());
        assertTrue(out.get(5).at("/terms/probe/abstained").asText()
                .startsWith("error: IllegalArgumentException: a term value must be finite"), out.get(5).toString());
        for (int i = 6; i < 9; i++) {
            assertEquals("timeout after 500 ms", out.get(i).at("/terms/probe/abstained").asText(), out.get(i).toString());
            assertEquals(1.0, out.get(i).at("/terms/exact_match/value").asDouble(), "the other terms scored");
        }
        assertTrue(out.get(9).at("/terms/probe/abstained").asText()
                .startsWith("quarantined: timeout after 500 ms (dev.rewire.fixture.probe 1.0.0)"), out.get(9).toString());
        for (JsonNode record : out) {
            assertTrue(record.get("reward").isNumber() && record.get("advantage").isNumber(), record.toString());
        }
        assertTrue(r.stderr().contains("quarantined probe of dev.rewire.fixture.probe 1.0.0: timeout after 500 ms"),
                r.stderr());
        assertFalse(r.stderr().contains("\tat "), "no stack trace: " + r.stderr());
    }

    @Test
    void aPolicyThatFailsAtRunTimeIsRetiredAndTheRunGoesOn(@TempDir Path work) throws Exception {
        Path deploy = probeSetUp(work);
        String[] args = {"--policy", work.resolve("policy").toString(), "--deploy", deploy.toString(),
                "--batch-size", "8", "--poll-ms", "100", "--term-timeout-ms", "1000"};
        try (Rewire.Stream run = new Rewire.Stream(work, args)) {
            run.await("records under the first policy", () -> run.records().size() >= 64);
            String good = run.records().get(0).at("/provenance/policy").asText();
            Rewire.writeAtomically(work.resolve("policy/probe.drl"), HotDeployIT.PROBE_RULE.formatted("1 / 0"));
            run.await("the failing policy retired", () -> run.stderr().contains("retired, back to policy "
                    + good.substring(0, 12)));
            int seen = run.records().size();
            run.await("more records", () -> run.records().size() >= seen + 64);
            // an action that never returns: one budget, then the same fallback
            Rewire.writeAtomically(work.resolve("policy/probe.drl"), HotDeployIT.PROBE_RULE.replace(
                    "    insert(", "    while (System.nanoTime() != 0) { java.util.concurrent.locks.LockSupport.parkNanos(1000000000L); }\n"
                            + "    insert(").formatted("1.0"));
            run.await("the looping policy retired", () -> run.stderr().contains("ran past its budget of 1000 ms"));
            int later = run.records().size();
            run.await("records after the loop", () -> run.records().size() >= later + 64);
            assertEquals(0, run.finish(), run.stderr());
            assertEquals(run.written(), run.records().size(), "no record lost");
            for (JsonNode r : run.records()) {
                assertEquals(good, r.at("/provenance/policy").asText(), "every batch decided by the proven policy");
            }
            assertTrue(run.stderr().contains("ArithmeticException"), run.stderr());
        }
    }

    @Test
    void brokenFilesCostOnlyTheirBrokenLines(@TempDir Path work) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.writeBytes((sample("bom", "a", "x") + "\r\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes((sample("bad-utf8", "a", "x") + "\n").replace("x \\\\", "\u00ff \\\\")
                .getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes((sample("crlf", "a", "x") + "\r\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(("{\"id\":\"huge\",\"prompt_id\":\"b\",\"domain\":\"math\",\"prompt\":\"q\",\"completion\":\"c\","
                + "\"rm_score\":1e308}\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("{\"id\":\"x\\ud800\",\"prompt\":\"q\",\"completion\":\"c\"}\n".getBytes(StandardCharsets.UTF_8));
        Path in = work.resolve("in.jsonl");
        Files.write(in, bytes.toByteArray());
        Files.writeString(work.resolve("out.rejects.jsonl"), "{\"stale\":true}\n");
        Rewire.Result r = Rewire.run(work, "score", "--in", in.toString(), "--out", work.resolve("out.jsonl").toString());
        assertEquals(3, r.status(), r.stderr());
        List<JsonNode> out = Rewire.readJsonl(work.resolve("out.jsonl"));
        assertEquals(List.of("bom", "crlf", "huge"), out.stream().map(j -> j.get("id").asText()).toList());
        assertTrue(out.get(2).at("/terms/rm_score/abstained").asText().contains("out of range"), out.get(2).toString());
        assertTrue(out.get(2).get("advantage").isNumber());
        List<JsonNode> rejects = Rewire.readJsonl(work.resolve("out.rejects.jsonl"));
        assertEquals(List.of(2, 5), rejects.stream().map(j -> j.get("line").asInt()).toList(), "the stale file is gone");
        assertEquals("invalid UTF-8: byte 0xFF at byte 80 of the line", rejects.get(0).get("error").asText());
        assertEquals("field 'id' holds an unpaired surrogate \\ud800 at character 2", rejects.get(1).get("error").asText());

        Path clean = work.resolve("clean.jsonl");
        Files.writeString(clean, sample("c", "a", "x") + "\n");
        assertEquals(0, Rewire.run(work, "score", "--in", clean.toString(), "--out",
                work.resolve("out.jsonl").toString()).status());
        assertFalse(Files.exists(work.resolve("out.rejects.jsonl")), "a clean run leaves no stale rejects file");
    }

    @Test
    void gzipFifosAndTheInputItselfAsOutput(@TempDir Path work) throws Exception {
        List<String> lines = Files.readAllLines(Rewire.EXAMPLES.resolve("samples.jsonl")).subList(0, 100);
        Path gz = work.resolve("in.jsonl.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Rewire.Result zipped = Rewire.run(work, "score", "--in", gz.toString(), "--out", work.resolve("z.jsonl").toString());
        assertEquals(0, zipped.status(), zipped.stderr());
        assertEquals(100, Rewire.readJsonl(work.resolve("z.jsonl")).size());

        Path fifo = work.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Thread writer = new Thread(() -> {
            try {
                Files.write(fifo, lines);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        Rewire.Result piped = Rewire.run(work, "score", "--in", fifo.toString(), "--out", work.resolve("f.jsonl").toString());
        writer.join();
        assertEquals(0, piped.status(), piped.stderr());
        assertEquals(100, Rewire.readJsonl(work.resolve("f.jsonl")).size());

        Path in = work.resolve("same.jsonl");
        Files.write(in, lines);
        Rewire.Result same = Rewire.run(work, "score", "--in", in.toString(), "--out", in.toString());
        assertEquals(2, same.status(), same.stderr());
        assertTrue(same.stderr().contains("is the input file; it would be emptied before it is read"), same.stderr());
        assertEquals(lines, Files.readAllLines(in), "the input is untouched");

        Rewire.Result bare = Rewire.run(work);
        assertEquals(2, bare.status(), "rewire with no command is a usage error");
    }

    @Test
    void sigtermScoresWhatWasReadWritesTheSummaryAndStatsAndCleansUp(@TempDir Path work) throws Exception {
        Path stats = work.resolve("stats.json");
        try (Rewire.Stream run = new Rewire.Stream(work, "--stats", stats.toString(), "--batch-size", "8")) {
            run.await("records", () -> run.records().size() >= 64);
            int status = run.terminate();
            assertEquals(143, status, run.stderr());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("stopped by a signal: records in (\\d+), out (\\d+)")
                    .matcher(run.stderr());
            assertTrue(m.find(), run.stderr());
            assertEquals(m.group(1), m.group(2), "every record read was scored and written");
            assertEquals(Integer.parseInt(m.group(2)), run.records().size(), "every written line is a whole record");
            assertTrue(Files.exists(stats), "stats written on the way out");
            assertEquals(Long.parseLong(m.group(2)), Rewire.JSON.readTree(stats.toFile()).at("/run/records_out").asLong());
        }
    }

    @Test
    void duplicateIdsAreRejectedWithBothLinesAndCheckRefusesWhatIsNotScoreOutput(@TempDir Path work) throws Exception {
        Path in = work.resolve("dup.jsonl");
        Files.write(in, List.of(sample("a", "p", "x"), sample("b", "p", "x"), sample("a", "p", "PROBE 3")));
        Rewire.Result r = Rewire.run(work, "score", "--in", in.toString(), "--out", work.resolve("o.jsonl").toString());
        assertEquals(3, r.status(), r.stderr());
        assertEquals(List.of("a", "b"), Rewire.readJsonl(work.resolve("o.jsonl")).stream()
                .map(j -> j.get("id").asText()).toList());
        JsonNode reject = Rewire.readJsonl(work.resolve("o.rejects.jsonl")).get(0);
        assertEquals(3, reject.get("line").asInt());
        assertEquals("duplicate id 'a': line 1 has it already (the first is kept)", reject.get("error").asText());

        List<String> pairs = Files.readAllLines(Rewire.EXAMPLES.resolve("pairs.jsonl")).subList(0, 40);
        List<String> withDuplicate = new java.util.ArrayList<>(pairs);
        withDuplicate.add(pairs.get(0));
        Path pairsIn = work.resolve("pairs.jsonl");
        Files.write(pairsIn, withDuplicate);
        Rewire.Result p = Rewire.run(work, "pairs", "--in", pairsIn.toString(), "--out", work.resolve("w.jsonl").toString());
        assertEquals(3, p.status(), p.stderr());
        assertEquals(40, Rewire.readJsonl(work.resolve("w.jsonl")).size());
        assertTrue(Rewire.readJsonl(work.resolve("w.rejects.jsonl")).get(0).get("error").asText()
                .startsWith("duplicate id '"), "the duplicate pair is rejected, the original kept");

        Rewire.Result notScored = Rewire.run(work, "check", "--in", in.toString());
        assertEquals(2, notScored.status(), notScored.stderr());
        assertTrue(notScored.stderr().contains("holds no record to check; line 1: neither rewire score output (missing "
                + "'reward', 'advantage', 'terms', 'observed') nor an evaluation record (missing 'confidence', 'correct')"),
                notScored.stderr());
        Path empty = Files.writeString(work.resolve("empty.jsonl"), "");
        Rewire.Result nothing = Rewire.run(work, "check", "--in", empty.toString());
        assertEquals(2, nothing.status(), nothing.stderr());
        assertTrue(nothing.stderr().contains("holds no record to check (it is empty)"), nothing.stderr());
    }

    @Test
    void aRunKilledWithSigkillResumesWithNoRecordLostOrWrittenTwice(@TempDir Path work) throws Exception {
        List<String> example = Files.readAllLines(Rewire.EXAMPLES.resolve("samples.jsonl"));
        List<String> lines = new java.util.ArrayList<>();
        for (int copy = 0; copy < 8; copy++) {
            for (String line : example) {
                JsonNode n = Rewire.JSON.readTree(line);
                ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("id", n.get("id").asText() + "-" + copy)
                        .put("prompt_id", n.get("prompt_id").asText() + "-" + copy);
                lines.add(n.toString());
            }
            lines.add("not json " + copy);
        }
        Path in = work.resolve("in.jsonl");
        Files.write(in, lines);
        Path out = work.resolve("out.jsonl");
        Process killed = Rewire.command(work, "score", "--in", in.toString(), "--out", out.toString(), "--batch-size", "16")
                .redirectErrorStream(true).redirectOutput(work.resolve("first.log").toFile()).start();
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (killed.isAlive() && (!Files.exists(out) || Files.size(out) < 400_000) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        killed.destroyForcibly().waitFor();
        assertTrue(Files.exists(out.resolveSibling("out.jsonl.progress.json")), "a checkpoint beside the output: "
                + Files.readString(work.resolve("first.log")));
        assertEquals(1, cacheFoldersOf(killed.pid()), "the killed host left its OSGi cache folder");

        Rewire.Result resumed = Rewire.run(work, "score", "--in", in.toString(), "--out", out.toString(),
                "--batch-size", "16", "--resume");
        assertEquals(3, resumed.status(), resumed.stderr());
        assertTrue(resumed.stderr().contains("rewire: resuming after input line "), resumed.stderr());
        List<JsonNode> records = Rewire.readJsonl(out);
        assertEquals(lines.size() - 8, records.size(), "every valid line has exactly one record");
        assertEquals(records.size(), records.stream().map(r -> r.get("id").asText()).distinct().count(), "none twice");
        List<JsonNode> rejects = Rewire.readJsonl(work.resolve("out.rejects.jsonl"));
        assertEquals(8, rejects.size(), "each bad line rejected once: " + rejects);
        assertFalse(Files.exists(out.resolveSibling("out.jsonl.progress.json")), "a finished run removes its checkpoint");
        assertEquals(0, cacheFoldersOf(killed.pid()), "the next host removed the killed one's cache folder");
        Rewire.Result again = Rewire.run(work, "score", "--in", in.toString(), "--out", out.toString(), "--resume");
        assertEquals(2, again.status());
        assertTrue(again.stderr().contains("the run finished, or never wrote a batch"), again.stderr());
    }

    /** OSGi cache folders in the temp folder that name this process as their owner. */
    private static long cacheFoldersOf(long pid) throws Exception {
        try (var dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("rewire-felix-")).filter(d -> {
                try {
                    return Files.readString(d.resolve("rewire.pid")).trim().equals(Long.toString(pid));
                } catch (java.io.IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
