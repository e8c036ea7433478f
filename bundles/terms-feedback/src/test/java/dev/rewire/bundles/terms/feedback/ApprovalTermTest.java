package dev.rewire.bundles.terms.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.testkit.TestSamples;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalTermTest {

    private static Sample sample(Boolean approved, Judgment... judgments) {
        return TestSamples.chat("s").approved(approved).judgments(List.of(judgments)).build();
    }

    private static Judgment j(String annotator, String pick) {
        return new Judgment(annotator, pick, 1, null, null, null);
    }

    @Test
    void shareOfApprovingOpinionsSkipsNotCounted() {
        TermResult r = new ApprovalTerm().evaluate(sample(false, j("a", "approve"), j("b", "reject"), j("c", "approve"),
                j("d", "skip")));
        assertEquals(2.0 / 3.0, r.value(), 1e-12);
        assertEquals(3.0, r.diagnostics().get("opinions"));
    }

    @Test
    void fallsBackToTheEvaluatorFlag() {
        assertEquals(1.0, new ApprovalTerm().evaluate(sample(true)).value());
        assertEquals(0.0, new ApprovalTerm().evaluate(sample(false)).value());
    }

    @Test
    void abstainsWithoutAnyApprovalSignal() {
        assertEquals("no approval judgments", new ApprovalTerm().evaluate(sample(null)).reason());
        assertEquals("every judgment skipped", new ApprovalTerm().evaluate(sample(null, j("a", "skip"))).reason());
    }
}
