package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resumed run is the run: {@code rewire score} stopped by {@code kill -9} or by SIGTERM after
 * several batches and checkpoints, then {@code --resume}d, writes the very bytes (records and
 * rejects) an uninterrupted run writes. The input makes every kind of state count: the sophistry
 * check measures its baseline on the first batches and FAILs later (which halves the approval
 * weight of the batch after), groups straddle batch boundaries, some ids repeat, some lines are bad.
 */
class ResumeIT {

    @TempDir
    static Path shared;
    private static Path input;
    private static byte[] expectedOut;
    private static byte[] expectedRejects;

    /**
     * Chat samples with a reference and an approval, groups of 1 to 6: approvals of wrong answers
     * are rare in the first 3 batches (the baseline) and common after, accuracy flat at about half.
     */
    @BeforeAll
    static void uninterruptedRun() throws Exception {
        Random random = new Random(21);
        List<String> lines = new ArrayList<>();
        int id = 0;
        for (int prompt = 0; lines.size() < 6000; prompt++) {
            int size = 1 + random.nextInt(6);
            for (int k = 0; k < size; k++) {
                boolean correct = random.nextBoolean();
                boolean early = lines.size() < 3 * 64;
                boolean approved = correct ? random.nextDouble() < 0.8 : random.nextDouble() < (early ? 0.1 : 0.6);
                String sid = random.nextInt(500) == 0 && id > 10 ? "s-" + (id - 3) : "s-" + id; // now and then a duplicate id
                id++;
                lines.add("{\"id\":\"" + sid + "\",\"prompt_id\":\"p" + prompt + "\",\"domain\":\"chat\",\"prompt\":\"" + prompt
                        + "+1?\",\"completion\":\"" + "so ".repeat(random.nextInt(40)) + "\\\\boxed{" + (correct ? prompt + 1 : prompt)
                        + "}\",\"reference\":\"" + (prompt + 1) + "\",\"approved\":" + approved + "}");
                if (random.nextInt(700) == 0) {
                    lines.add("not json " + lines.size());
                }
            }
        }
        input = shared.resolve("in.jsonl");
        Files.write(input, lines);
        Path out = shared.resolve("full.jsonl");
        Rewire.Result r = Rewire.run(shared, score(out));
        assertEquals(3, r.status(), r.stderr());
        expectedOut = Files.readAllBytes(out);
        expectedRejects = Files.readAllBytes(shared.resolve("full.rejects.jsonl"));
        List<JsonNode> records = Rewire.readJsonl(out);
        assertTrue(records.stream().anyMatch(j -> j.at("/terms/approval/weight").asDouble() == 0.5),
                "the input makes the sophistry check fail after its baseline, which halves the approval weight");
    }

    private static String[] score(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("score", "--in", input.toString(), "--out", out.toString(),
                "--batch-size", "64"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void killedWithSigkillAndResumedWritesTheUninterruptedRunsBytes(@TempDir Path work) throws Exception {
        stopAndResume(work, false);
    }

    @Test
    void stoppedWithSigtermAndResumedWritesTheUninterruptedRunsBytes(@TempDir Path work) throws Exception {
        stopAndResume(work, true);
    }

    private static void stopAndResume(Path work, boolean sigterm) throws Exception {
        Path out = work.resolve("out.jsonl");
        Path progress = work.resolve("out.jsonl.progress.json");
        ProcessBuilder first = Rewire.command(work, score(out));
        // a checkpoint after every batch: where the run is stopped does not depend on the machine's speed
        first.command().add(1, "-Drewire.checkpoint.interval.ms=0");
        Process run = first.redirectErrorStream(true).redirectOutput(work.resolve("first.log").toFile()).start();
        // past the sophistry baseline and several checkpoints, well before the end
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (run.isAlive() && nextBatch(progress) < 12 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(run.isAlive(), "the run was still going when stopped: " + Files.readString(work.resolve("first.log")));
        if (sigterm) {
            run.toHandle().destroy();
        } else {
            run.destroyForcibly();
        }
        run.waitFor();
        String log = Files.readString(work.resolve("first.log"));
        assertTrue(Files.exists(progress), log);
        assertTrue(Files.size(out) < expectedOut.length, "stopped before the end: " + log);
        if (sigterm) {
            assertTrue(log.contains("stopped by a signal"), log);
        }
        Rewire.Result resumed = Rewire.run(work, score(out, "--resume"));
        assertEquals(3, resumed.status(), resumed.stderr());
        assertTrue(resumed.stderr().contains("rewire: resuming after input line "), resumed.stderr());
        assertArrayEquals(expectedOut, Files.readAllBytes(out), "the records, byte for byte");
        assertArrayEquals(expectedRejects, Files.readAllBytes(work.resolve("out.rejects.jsonl")), "the rejects, byte for byte");
        assertFalse(Files.exists(progress), "a finished run removes its checkpoint");
    }

    private static long nextBatch(Path progress) {
        try {
            return Rewire.JSON.readTree(Files.readString(progress)).path("next_batch").asLong();
        } catch (Exception e) {
            return -1; // not written yet, or being replaced
        }
    }
}
