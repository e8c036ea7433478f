package dev.rewire.runtime.engine.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.runtime.engine.diff.PolicyDiff;
import org.junit.jupiter.api.Test;

/** The shadow's one-line summary (the run's summary line, serve's stop line). */
class ShadowSummaryTest {

    @Test
    void aShadowThatComparedNothingSaysZerosNotNaNAndNoReasonWhileShadowing() {
        ShadowSummary s = new ShadowSummary(ShadowPolicy.State.SHADOWING, null, "cand", "c".repeat(64), 0, 0, 0, 0,
                new PolicyDiff(0).summary());
        assertEquals("shadow cand: shadowing; 0 batches compared, 0 samples; mean reward shift +0.0000; advantage sign "
                + "flips 0 (0.00%); checks worse 0, better 0; batches the candidate would block 0", s.describe());
    }

    @Test
    void theStateIsWrittenInWordsAndTheReasonInParentheses() {
        ShadowSummary s = new ShadowSummary(ShadowPolicy.State.ROLLED_BACK, "the candidate would have blocked 1 batch(es)",
                "policy-next", null, 3, 1, 2, 1, new PolicyDiff(0).summary());
        assertEquals("shadow policy-next: rolled back; 3 batches compared, 0 samples; mean reward shift +0.0000; advantage "
                + "sign flips 0 (0.00%); checks worse 1, better 2; batches the candidate would block 1 (the candidate would "
                + "have blocked 1 batch(es))", s.describe());
    }
}
