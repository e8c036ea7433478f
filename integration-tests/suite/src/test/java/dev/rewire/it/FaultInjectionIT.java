package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults that used to make a run lie about how it ended or hang: a bundle that exits or halts the
 * JVM, a line too long for the heap, a gzip stream cut short, an input that shrinks while it is read.
 * Each ends bounded, with a non-zero status that says what happened, and no valid record lost
 * (what was read is written; {@code --resume} completes the rest).
 */
class FaultInjectionIT {

    private static String sample(int i, String completion) {
        return "{\"id\":\"s" + i + "\",\"prompt_id\":\"p" + i / 4 + "\",\"domain\":\"math\",\"prompt\":\"1+1?\","
                + "\"completion\":\"" + completion + " \\\\boxed{2}\",\"reference\":\"2\"}";
    }

    private static List<String> samples(int count, int faultAt, String fault) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(sample(i, i == faultAt ? fault : "fine"));
        }
        return lines;
    }

    private static String[] probeArgs(Path work, Path in, Path out) throws Exception {
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        if (!Files.exists(deploy.resolve("probe.jar"))) {
            Server.policyWith(work, "probe.drl", HotDeployIT.PROBE_RULE.formatted("1.0"));
            Files.copy(Rewire.PROBE_V1, deploy.resolve("probe.jar"));
        }
        return new String[] {"score", "--in", in.toString(), "--out", out.toString(), "--policy",
                work.resolve("policy").toString(), "--deploy", deploy.toString(), "--batch-size", "16",
                "--term-timeout-ms", "3000"};  // also the policy's budget: its first session warms up on a busy machine
    }

    private static void assertNoStackTrace(Rewire.Result r) {
        assertFalse(r.stderr().contains("\tat ") || r.stderr().contains("Exception in thread"),
                "no stack trace: " + r.stderr());
    }

    @Test
    void aBundleCallingSystemExitZeroIsNamedTheRunEndsWithStatusOneAndResumeLosesNothing(@TempDir Path work)
            throws Exception {
        Path in = work.resolve("in.jsonl");
        Files.write(in, samples(300, 100, "PROBE_EXIT"));
        Path out = work.resolve("out.jsonl");
        Rewire.Result r = Rewire.run(work, probeArgs(work, in, out));
        assertEquals(1, r.status(), "an exit the run did not ask for is not success: " + r.stderr());
        assertTrue(r.stderr().contains("System.exit called by dev.rewire.fixture.probe.ProbeTerm.evaluate("),
                r.stderr());
        assertTrue(r.stderr().contains("this is not the run finishing"), r.stderr());
        assertFalse(r.stderr().contains("stopped by a signal"), "not reported as a signal: " + r.stderr());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("stopped by System.exit called by .*: records in "
                + "(\\d+), out (\\d+)").matcher(r.stderr());
        assertTrue(m.find(), r.stderr());
        assertEquals(m.group(1), m.group(2), "every record read was written");
        assertEquals(Integer.parseInt(m.group(2)), Rewire.readJsonl(out).size());

        Rewire.Result resumed = Rewire.run(work, append(probeArgs(work, in, out), "--resume"));
        assertEquals(0, resumed.status(), resumed.stderr());
        List<JsonNode> records = Rewire.readJsonl(out);
        assertEquals(300, records.size(), "0 records lost");
        assertEquals(300, records.stream().map(j -> j.get("id").asText()).distinct().count(), "none twice");
    }

    @Test
    void aBundleCallingRuntimeHaltZeroIsNotSuccessThroughTheLauncher(@TempDir Path work) throws Exception {
        Path in = work.resolve("in.jsonl");
        Files.write(in, samples(200, 60, "PROBE_HALT"));
        String[] args = probeArgs(work, in, work.resolve("out.jsonl"));
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of(System.getProperty("rewire.root")).resolve("rewire")
                .toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
        pb.environment().put("REWIRE_CDS", "0");
        pb.environment().put("DJL_CACHE_DIR", System.getProperty("djl.cache"));
        Rewire.Result r = Rewire.run(pb, work, args);
        assertEquals(1, r.status(), "Runtime.halt(0) mid-run is not success: " + r.stderr());
        assertTrue(r.stderr().contains("the JVM stopped with status 0 before the command finished"), r.stderr());

        Path clean = work.resolve("clean.jsonl");
        Files.write(clean, samples(20, -1, null));
        List<String> ok = new ArrayList<>(cmd.subList(0, 2));
        ok.addAll(List.of("score", "--in", clean.toString(), "--out", work.resolve("clean-out.jsonl").toString()));
        ProcessBuilder finished = new ProcessBuilder(ok).directory(work.toFile());
        finished.environment().putAll(pb.environment());
        Rewire.Result fine = Rewire.run(finished, work);
        assertEquals(0, fine.status(), "a finished run still exits 0 through the launcher: " + fine.stderr());
    }

    @Test
    void aLineTooLongForTheHeapIsRejectedWithItsLengthAndTheRunGoesOn(@TempDir Path work) throws Exception {
        // 100 MB on one line (a JSON file that is not JSON lines) under a 128 MB heap: reading it
        // whole ran out of memory on the reading thread and the run waited for ever
        Path in = work.resolve("in.jsonl");
        try (OutputStream o = Files.newOutputStream(in)) {
            for (int i = 0; i < 40; i++) {
                o.write((sample(i, "fine") + "\n").getBytes(StandardCharsets.UTF_8));
                if (i == 20) {
                    o.write("[{\"a\":\"".getBytes(StandardCharsets.UTF_8));
                    byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
                    for (int k = 0; k < 100; k++) {
                        o.write(chunk);
                    }
                    o.write("\"}]\n".getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        Path out = work.resolve("out.jsonl");
        Rewire.Result r = Rewire.run(Rewire.command(work, List.of("-Xmx128m"), "score", "--in", in.toString(), "--out",
                out.toString()), work);
        assertEquals(3, r.status(), r.stderr());
        assertNoStackTrace(r);
        assertEquals(40, Rewire.readJsonl(out).size(), "every valid line scored");
        JsonNode reject = Rewire.readJsonl(work.resolve("out.rejects.jsonl")).get(0);
        assertEquals(22, reject.get("line").asInt());
        assertTrue(reject.get("error").asText().startsWith("line of 104857610 bytes is over the limit of "),
                reject.toString());
        Files.delete(in);
    }

    @Test
    void runningOutOfMemoryEndsTheRunWithStatusOneAndTheReasonNeverAHang(@TempDir Path work) throws Exception {
        // 160 MB of samples in one batch under a 128 MB heap: the reading thread, the run's thread or
        // both run out of memory; before, the reader's death left the run waiting for ever, and an
        // Error out of the command left the JVM to Felix's threads
        Path in = work.resolve("in.jsonl");
        String words = "word ".repeat(8000);
        try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(in))) {
            for (int i = 0; i < 4000; i++) {
                o.write((sample(i, words + i) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        Rewire.Result r = Rewire.run(Rewire.command(work, List.of("-Xmx128m"), "score", "--in", in.toString(), "--out",
                work.resolve("out.jsonl").toString(), "--batch-size", "1000000"), work);
        assertEquals(1, r.status(), r.stderr());
        assertTrue(r.stderr().contains("out of memory") || r.stderr().contains("OutOfMemoryError"), r.stderr());
        assertFalse(r.stderr().contains("Exception in thread"), r.stderr());
        Files.delete(in);
    }

    @Test
    void aTruncatedGzipIsNamedAndWhatWasDecodedIsScoredAndWritten(@TempDir Path work) throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            for (int i = 0; i < 3000; i++) {
                gz.write((sample(i, "fine " + i) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        Path in = work.resolve("in.jsonl.gz");
        Files.write(in, java.util.Arrays.copyOf(zipped.toByteArray(), zipped.size() * 2 / 3));
        Path out = work.resolve("out.jsonl");
        Rewire.Result r = Rewire.run(work, "score", "--in", in.toString(), "--out", out.toString());
        assertEquals(1, r.status(), r.stderr());
        assertNoStackTrace(r);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("the input " + java.util.regex.Pattern.quote(in.toString())
                + " ends in the middle of its gzip stream after line (\\d+) \\(a truncated \\.gz file\\?\\)").matcher(r.stderr());
        assertTrue(m.find(), r.stderr());
        assertFalse(r.stderr().contains("java.io.EOFException"), r.stderr());
        long lastWhole = Long.parseLong(m.group(1));
        assertTrue(lastWhole > 1000, r.stderr());
        assertEquals(lastWhole, Rewire.readJsonl(out).size(), "every line decoded before the cut is scored and written");
    }

    /**
     * No bare EOFException reaches a user: a gzip file cut inside its 10-byte header (where
     * {@code GZIPInputStream} throws one with no message) or in its stream is named, with the file,
     * by every command that reads an input.
     */
    @Test
    void aGzipCutAnywhereIsNamedWithItsFileByEveryCommand(@TempDir Path work) throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            for (int i = 0; i < 2000; i++) {
                gz.write((sample(i, "fine " + i) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        Path header = work.resolve("header.jsonl.gz");
        Files.write(header, java.util.Arrays.copyOf(zipped.toByteArray(), 4));
        Path stream = work.resolve("stream.jsonl.gz");
        Files.write(stream, java.util.Arrays.copyOf(zipped.toByteArray(), zipped.size() / 2));
        String cutHeader = "the input " + header + " ends inside its gzip header (a truncated .gz file?); nothing could be read";
        List<String[]> commands = List.of(
                new String[] {"score", "--in", header.toString(), "--out", work.resolve("o.jsonl").toString()},
                new String[] {"check", "--in", header.toString()},
                new String[] {"explain", "--in", header.toString(), "s1"},
                new String[] {"pairs", "--in", header.toString(), "--out", work.resolve("w.jsonl").toString()});
        for (String[] command : commands) {
            Rewire.Result r = Rewire.run(work, command);
            assertEquals(1, r.status(), command[0] + ": " + r.stderr());
            assertTrue(r.stderr().contains("rewire: " + cutHeader), command[0] + ": " + r.stderr());
            assertFalse(r.stderr().contains("EOFException"), command[0] + ": " + r.stderr());
        }
        Rewire.Result check = Rewire.run(work, "check", "--in", stream.toString());
        assertEquals(1, check.status(), check.stderr());
        assertTrue(check.stderr().contains("the input " + stream + " ends in the middle of its gzip stream after line "),
                check.stderr());
        assertFalse(check.stderr().contains("ZLIB") || check.stderr().contains("EOFException"),
                "no bare EOFException message: " + check.stderr());
    }

    @Test
    void anInputThatShrinksWhileItIsReadIsAnErrorNotASuccess(@TempDir Path work) throws Exception {
        Path in = work.resolve("in.jsonl");
        Files.write(in, samples(40_000, -1, null));
        long size = Files.size(in);
        Path out = work.resolve("out.jsonl");
        Path err = work.resolve("err.txt");
        Process p = Rewire.command(work, "score", "--in", in.toString(), "--out", out.toString(), "--batch-size", "64")
                .redirectError(err.toFile()).redirectOutput(work.resolve("stdout.txt").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while ((!Files.exists(out) || Files.size(out) == 0) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        try (RandomAccessFile f = new RandomAccessFile(in.toFile(), "rw")) {
            // cut at a line boundary: nothing in the file itself looks broken
            long cut = size / 2;
            f.seek(cut);
            while (f.read() != '\n') {
                cut++;
            }
            f.setLength(cut + 1);
        }
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "bounded");
        String stderr = Files.readString(err);
        assertEquals(1, p.exitValue(), stderr);
        assertTrue(stderr.contains("rewire: the input shrank while it was read: " + size + " bytes at the start"), stderr);
    }

    @Test
    void aThrowingTermIsToldOnStderrAndItsStatisticsAreNullNotNaNStrings(@TempDir Path work) throws Exception {
        Path in = work.resolve("in.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            lines.add(sample(i, "PROBE_FAIL"));
        }
        Files.write(in, lines);
        Path stats = work.resolve("stats.json");
        Rewire.Result r = Rewire.run(work, append(probeArgs(work, in, work.resolve("out.jsonl")), "--stats",
                stats.toString()));
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("term probe (dev.rewire.fixture.probe 1.0.0): IllegalStateException: probe asked "
                + "to fail"), "a term that throws on samples is told, not only written in the records: " + r.stderr());
        assertEquals(1, r.stderr().split("probe asked to fail", -1).length - 1, "once: " + r.stderr());
        JsonNode probe = Rewire.JSON.readTree(stats.toFile()).at("/terms/probe");
        assertTrue(probe.get("mean").isNull() && probe.get("std").isNull(), "no value is null: " + probe);
        assertFalse(Files.readString(stats).contains("NaN"), Files.readString(stats));
    }

    /** Each distinct error of a throwing term is told once, and at most 10 a term: the records carry every one. */
    @Test
    void aTermsDistinctErrorsAreToldAtMostTenTimes(@TempDir Path work) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int k = 1; k <= 14; k++) {
            // a group of two a batch, one sample failing: the term never fails on every sample of a batch
            lines.add("{\"id\":\"fine-" + k + "\",\"prompt_id\":\"p" + k + "\",\"domain\":\"math\",\"prompt\":\"1+1?\","
                    + "\"completion\":\"fine \\\\boxed{2}\",\"reference\":\"2\"}");
            lines.add("{\"id\":\"fail-" + k + "\",\"prompt_id\":\"p" + k + "\",\"domain\":\"math\",\"prompt\":\"1+1?\","
                    + "\"completion\":\"PROBE_FAIL#" + k + " \\\\boxed{2}\",\"reference\":\"2\"}");
        }
        Path in = work.resolve("in.jsonl");
        Files.write(in, lines);
        Path out = work.resolve("out.jsonl");
        String[] args = probeArgs(work, in, out);
        args[args.length - 3] = "2";      // --batch-size
        Rewire.Result r = Rewire.run(work, args);
        assertEquals(0, r.status(), r.stderr());
        String told = "term probe (dev.rewire.fixture.probe 1.0.0): IllegalStateException: probe asked to fail #";
        assertEquals(10, r.stderr().split(java.util.regex.Pattern.quote(told), -1).length - 1, r.stderr());
        assertTrue(r.stderr().contains(told + "10 (further errors of this term: in the records only)"), r.stderr());
        assertFalse(r.stderr().contains(told + "11"), r.stderr());
        long inRecords = Rewire.readJsonl(out).stream().map(j -> j.at("/terms/probe/abstained").asText())
                .filter(a -> a.startsWith("error: IllegalStateException: probe asked to fail #")).count();
        assertEquals(14, inRecords, "the records carry every error");
    }

    @Test
    void aRejectsFileThatCannotBeWrittenIsRefusedBeforeTheHostStarts(@TempDir Path work) throws Exception {
        Path in = work.resolve("in.jsonl");
        Files.write(in, List.of(sample(0, "fine"), "not json"));
        Path blocker = Files.writeString(work.resolve("not-a-folder"), "x");
        Rewire.Result r = Rewire.run(work, "score", "--in", in.toString(), "--out", work.resolve("o.jsonl").toString(),
                "--rejects", blocker.resolve("rejects.jsonl").toString());
        assertEquals(2, r.status(), r.stderr());
        assertTrue(r.stderr().contains("rewire: --rejects " + blocker.resolve("rejects.jsonl")
                + ": rejected lines could not be written there ("), r.stderr());
        assertFalse(r.stderr().contains("PyTorch"), "refused before the host started: " + r.stderr());
        assertFalse(Files.exists(work.resolve("o.jsonl")), "nothing written");

        // pairs too, the other command with --rejects
        Rewire.Result pairs = Rewire.run(work, "pairs", "--in", Rewire.EXAMPLES.resolve("pairs.jsonl").toString(), "--out",
                work.resolve("w.jsonl").toString(), "--rejects", blocker.resolve("rejects.jsonl").toString());
        assertEquals(2, pairs.status(), pairs.stderr());
        assertTrue(pairs.stderr().contains("rewire: --rejects " + blocker.resolve("rejects.jsonl")
                + ": rejected lines could not be written there ("), pairs.stderr());
        assertFalse(Files.exists(work.resolve("w.jsonl")), "nothing written");
    }

    @Test
    void aTermThatBecomesMuchSlowerThanItsOwnBaselineIsQuarantinedAndOneFailingOnEverySampleToo(@TempDir Path work)
            throws Exception {
        // 12 quick batches of 4, then every sample takes 200 ms (within the 5 s deadline: no timeout)
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            lines.add(sample(i, i < 48 ? "fine" : "PROBE_SLOW"));
        }
        Path in = work.resolve("in.jsonl");
        Files.write(in, lines);
        Path out = work.resolve("out.jsonl");
        String[] args = probeArgs(work, in, out);
        args[args.length - 3] = "4";      // --batch-size
        args[args.length - 1] = "5000";   // --term-timeout-ms
        Rewire.Result r = Rewire.run(work, args);
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("quarantined probe of dev.rewire.fixture.probe 1.0.0: ran "), r.stderr());
        assertTrue(r.stderr().contains("slower than its own baseline"), r.stderr());
        List<JsonNode> records = Rewire.readJsonl(out);
        assertEquals(96, records.size(), "0 records lost");
        assertTrue(records.get(95).at("/terms/probe/abstained").asText().startsWith("quarantined: ran "),
                records.get(95).toString());
        long slowScored = records.stream().filter(j -> j.at("/terms/probe/value").isNumber()).count() - 48;
        assertEquals(12, slowScored, "three slow batches, then quarantined: " + r.stderr());

        // a term that overflows its stack on every sample: quarantined after three batches, named
        List<String> deep = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            deep.add(sample(i, "PROBE_STACK"));
        }
        Files.write(in, deep);
        Rewire.Result s = Rewire.run(work, probeArgs(work, in, out));
        assertEquals(0, s.status(), s.stderr());
        assertTrue(s.stderr().contains("quarantined probe of dev.rewire.fixture.probe 1.0.0: failed on every sample of 3 "
                + "batches in a row"), s.stderr());
        assertTrue(s.stderr().contains("StackOverflowError"), s.stderr());
        List<JsonNode> after = Rewire.readJsonl(out);
        assertEquals(80, after.size());
        assertTrue(after.get(79).at("/terms/probe/abstained").asText().startsWith("quarantined: failed on every sample"),
                after.get(79).toString());
    }

    @Test
    void aSpinningTermIsQuarantinedAndItsThreadReclaimedAndShutdownDoesNotWaitForIt(@TempDir Path work) throws Exception {
        Path in = work.resolve("in.jsonl");
        Files.write(in, samples(4000, 10, "PROBE_SPIN")); // seconds of scoring after the quarantine
        Path out = work.resolve("out.jsonl");
        String[] args = probeArgs(work, in, out);
        args[args.length - 1] = "3000";   // --term-timeout-ms (the policy's budget too: its first session warms up)
        Rewire.Result r = Rewire.run(work, args);
        assertEquals(0, r.status(), r.stderr());
        assertTrue(r.stderr().contains("quarantined probe of dev.rewire.fixture.probe 1.0.0: timeout after 3000 ms"),
                r.stderr());
        assertTrue(r.stderr().contains("reclaimed the thread of term probe (rewire-bundle-call-"), "the spinning call's "
                + "thread was stopped: " + r.stderr());
        assertFalse(r.stderr().contains("call(s) still inside after"), "shutdown did not wait out the drain: "
                + r.stderr());
        assertEquals(4000, Rewire.readJsonl(out).size(), "0 records lost");
    }

    private static String[] append(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
