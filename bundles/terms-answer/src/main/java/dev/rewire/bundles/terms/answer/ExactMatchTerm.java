package dev.rewire.bundles.terms.answer;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.SampleRewardTerm;
import dev.rewire.framework.spi.TermResult;
import org.osgi.service.component.annotations.Component;

/**
 * {@code exact_match}: 1 when the completion's final answer equals the sample's reference
 * (numerically, or after SQuAD normalization), else 0. Range {0, 1}. Abstains when the sample has
 * no reference; a completion that states no answer scores 0.
 */
@Component(service = RewardTerm.class)
public final class ExactMatchTerm implements SampleRewardTerm {

    @Override
    public String id() {
        return "exact_match";
    }

    @Override
    public TermResult evaluate(Sample sample) {
        if (sample.reference() == null) {
            return TermResult.abstain("no reference");
        }
        return TermResult.of(sample.parsed().matchesReference() ? 1.0 : 0.0);
    }
}
