package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rewire score --lookahead} judges and decides each batch beside the previous batch's other stages, on
 * the check outcomes known when it starts (those of the batch before its predecessor), and decides
 * it again when the predecessor's outcomes answer what the policy read differently. Either way the
 * records are byte for byte those of a plain run, which decides each batch after the
 * previous one's checks.
 */
class LookaheadIT {

    /**
     * Beside the default policy: a rule whose effect hangs on the parity of the batch the outcomes came
     * from. Decided ahead, every batch but the first sees its predecessor's predecessor's outcomes
     * (the other parity), so every such decision must be taken again.
     */
    static final String PARITY_RULE = """
            package rewire.test;
            import dev.rewire.framework.policy.CheckOutcome;
            import dev.rewire.framework.policy.Route;
            rule "test: overlong penalty doubled after an even batch"
            when
                CheckOutcome( checkId == "calibration", batchIndex % 2 == 0 )
                $r : Route( term == "length_penalty" )
            then
                $r.scale( 2.0, drools.getRule().getName() );
            end
            """;

    /** Beside the default policy: a block once the checks of batch 4 are in (so batch 5 is blocked). */
    static final String BLOCK_RULE = """
            package rewire.test;
            import dev.rewire.framework.policy.CheckOutcome;
            import dev.rewire.framework.policy.BatchAction;
            rule "test: stop after batch 4"
            when
                CheckOutcome( checkId == "calibration", batchIndex == 4 )
            then
                insert( new BatchAction( BatchAction.Kind.BLOCK, "stop after batch 4", drools.getRule().getName() ) );
            end
            """;

    private static Path example() {
        return Rewire.EXAMPLES.resolve("samples.jsonl");
    }

    @Test
    void aDecisionTakenOnOutcomesThatTurnOutOtherwiseIsTakenAgain(@TempDir Path work) throws Exception {
        Path policy = Server.policyWith(work, "parity.drl", PARITY_RULE);
        Path ahead = work.resolve("ahead.jsonl");
        Path stats = work.resolve("ahead.stats.json");
        Rewire.Result r = Rewire.run(work, "score", "--in", example().toString(), "--out", ahead.toString(),
                "--policy", policy.toString(), "--batch-size", "128", "--stats", stats.toString(), "--lookahead");
        assertEquals(0, r.status(), r.stderr());
        Path sequential = work.resolve("sequential.jsonl");
        Rewire.Result s = Rewire.run(work, "score", "--in", example().toString(), "--out", sequential.toString(),
                "--policy", policy.toString(), "--batch-size", "128", "--no-lookahead");
        assertEquals(0, s.status(), s.stderr());

        assertArrayEquals(Files.readAllBytes(sequential), Files.readAllBytes(ahead), "the same records, byte for byte");
        JsonNode st = Rewire.JSON.readTree(stats.toFile());
        long batches = st.path("run").path("batches").asLong();
        long decidedAhead = st.path("decided_ahead_batches").asLong();
        assertTrue(batches > 10 && decidedAhead > 0, st.toString());
        // each batch decided ahead read the other parity (or, the first, no outcomes at all)
        assertEquals(decidedAhead, st.path("redecided_batches").asLong(), st.toString());
        long doubled = Rewire.readJsonl(ahead).stream()
                .filter(j -> j.path("terms").path("length_penalty").path("rules").toString()
                        .contains("test: overlong penalty doubled after an even batch"))
                .map(j -> j.path("batch").asLong()).distinct().count();
        assertTrue(doubled > 0 && doubled < batches, "the rule fired after even batches only: " + doubled);
    }

    @Test
    void outcomesAnsweringThePolicyAlikeKeepTheDecisionTakenAhead(@TempDir Path work) throws Exception {
        Path ahead = work.resolve("ahead.jsonl");
        Path stats = work.resolve("ahead.stats.json");
        Rewire.Result r = Rewire.run(work, "score", "--in", example().toString(), "--out", ahead.toString(),
                "--batch-size", "64", "--stats", stats.toString(), "--lookahead");
        assertEquals(0, r.status(), r.stderr());
        Path sequential = work.resolve("sequential.jsonl");
        Rewire.Result s = Rewire.run(work, "score", "--in", example().toString(), "--out", sequential.toString(),
                "--batch-size", "64", "--no-lookahead");
        assertEquals(0, s.status(), s.stderr());

        assertArrayEquals(Files.readAllBytes(sequential), Files.readAllBytes(ahead), "the same records, byte for byte");
        JsonNode st = Rewire.JSON.readTree(stats.toFile());
        long decidedAhead = st.path("decided_ahead_batches").asLong();
        long redecided = st.path("redecided_batches").asLong();
        // the default policy reads the checks' ids, the calibration and sophistry statuses, and the ECE
        // of a failed calibration: a batch whose predecessor changed none of those keeps its decision
        assertTrue(decidedAhead > 0 && redecided < decidedAhead, redecided + " of " + decidedAhead
                + " batches decided ahead were decided again");
    }

    @Test
    void aBlockEndsTheRunWhereItWouldWithoutLookingAhead(@TempDir Path work) throws Exception {
        Path policy = Server.policyWith(work, "block.drl", BLOCK_RULE);
        // two bad lines: one before the blocked batch (rejected either way), one in the batch after it,
        // which a lookahead run has read (it must be neither counted nor written to the rejects)
        java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(example()));
        lines.add(900, "{not json");
        lines.add(300, "{not json either");
        Path in = work.resolve("in.jsonl");
        Files.write(in, lines);
        String[] common = {"score", "--in", in.toString(), "--policy", policy.toString(), "--batch-size", "128"};
        Rewire.Result ahead = Rewire.run(work, concat(common, "--out", work.resolve("ahead.jsonl").toString(),
                "--stats", work.resolve("ahead.json").toString(), "--lookahead"));
        Rewire.Result plain = Rewire.run(work, concat(common, "--out", work.resolve("plain.jsonl").toString(),
                "--stats", work.resolve("plain.json").toString(), "--no-lookahead"));

        assertEquals(4, plain.status(), plain.stderr());
        assertEquals(4, ahead.status(), ahead.stderr());
        assertArrayEquals(Files.readAllBytes(work.resolve("plain.jsonl")), Files.readAllBytes(work.resolve("ahead.jsonl")));
        assertEquals(Files.readString(work.resolve("plain.rejects.jsonl")), Files.readString(work.resolve("ahead.rejects.jsonl")));
        assertEquals(1, Rewire.readJsonl(work.resolve("plain.rejects.jsonl")).size(), "the bad line before the block");
        JsonNode p = Rewire.JSON.readTree(work.resolve("plain.json").toFile()).path("run");
        JsonNode a = Rewire.JSON.readTree(work.resolve("ahead.json").toFile()).path("run");
        for (String field : new String[] {"records_in", "records_out", "rejected", "batches"}) {
            assertEquals(p.path(field), a.path(field), field + ": " + a);
        }
        assertTrue(a.path("blocked_by").asText().contains("stop after batch 4"), a.toString());
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
