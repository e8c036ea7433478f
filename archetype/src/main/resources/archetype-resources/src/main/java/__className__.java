package ${package};

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.SampleRewardTerm;
import dev.rewire.framework.spi.TermResult;
import org.osgi.service.component.annotations.Component;

/**
 * {@code ${termId}}: 1 when the completion states a final answer ({@code \boxed{...}} or
 * {@code <answer>...</answer>}, as Rewire's answer parsing reads it), 0 when it states none;
 * abstains on an empty completion (nothing was generated, so there is nothing to judge).
 *
 * <p>A {@link SampleRewardTerm} scores each sample on its own: a failure on one sample makes only
 * that sample abstain. {@code @Component} registers it as a {@link RewardTerm} service when the
 * bundle starts; rules route samples to it by {@link #id()}.
 */
@Component(service = RewardTerm.class)
public final class ${className} implements SampleRewardTerm {

    @Override
    public String id() {
        return "${termId}";
    }

    @Override
    public TermResult evaluate(Sample sample) {
        if (sample.completion() == null || sample.completion().isBlank()) {
            return TermResult.abstain("empty completion");
        }
        return TermResult.of(sample.parsed().answer() != null ? 1.0 : 0.0);
    }
}
