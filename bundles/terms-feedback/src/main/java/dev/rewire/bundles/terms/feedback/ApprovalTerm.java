package dev.rewire.bundles.terms.feedback;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.SampleRewardTerm;
import dev.rewire.framework.spi.TermResult;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * {@code approval}: the share of annotator judgments that approve the sample (skips not counted),
 * or, with no judgments, the evaluator's {@code approved} flag as 1 or 0. Range [0, 1]. Abstains
 * when the sample carries neither. Diagnostic {@code opinions}: how many judgments counted.
 */
@Component(service = RewardTerm.class)
public final class ApprovalTerm implements SampleRewardTerm {

    @Override
    public String id() {
        return "approval";
    }

    @Override
    public TermResult evaluate(Sample sample) {
        int opinions = 0;
        int approvals = 0;
        for (Judgment j : sample.judgments()) {
            if (j.isOpinion()) {
                opinions++;
                if (j.approves()) {
                    approvals++;
                }
            }
        }
        if (opinions > 0) {
            return TermResult.of((double) approvals / opinions, Map.of("opinions", (double) opinions));
        }
        if (sample.approved() != null) {
            return TermResult.of(sample.approved() ? 1.0 : 0.0, Map.of("opinions", 0.0));
        }
        return TermResult.abstain(sample.judgments().isEmpty() ? "no approval judgments" : "every judgment skipped");
    }
}
