package dev.rewire.bundles.terms.calibration;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.SampleRewardTerm;
import dev.rewire.framework.spi.TermResult;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * {@code self_confidence} (RLSF, van Niekerk et al. 2025, on CoT-decoding's measure, Wang and Zhou
 * 2024): the mean over the answer's tokens of p(top-1) - p(top-2), from
 * {@code answer_token_probs}. Range [0, 1]; needs no label. Abstains when the sample carries no
 * token probabilities.
 */
@Component(service = RewardTerm.class)
public final class SelfConfidenceTerm implements SampleRewardTerm {

    @Override
    public String id() {
        return "self_confidence";
    }

    @Override
    public TermResult evaluate(Sample sample) {
        List<double[]> probs = sample.answerTokenProbs();
        if (probs == null || probs.isEmpty()) {
            return TermResult.abstain("no answer_token_probs");
        }
        double margin = 0;
        for (double[] p : probs) {
            margin += p[0] - p[1];
        }
        return TermResult.of(margin / probs.size(), Map.of("answer_tokens", (double) probs.size()));
    }
}
