package dev.rewire.bundles.terms.answer;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.SampleRewardTerm;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.framework.text.RlcrFormat;
import org.osgi.service.component.annotations.Component;

/**
 * {@code format}: 1 when the completion follows RLCR's tag format
 * ({@code <think>, <answer>, <analysis>, <confidence>} in order, the confidence tag last) and its
 * confidence parses to a number in [0,1]; else 0. Range {0, 1}. Never abstains: a missing format
 * is exactly what it measures.
 */
@Component(service = RewardTerm.class)
public final class FormatTerm implements SampleRewardTerm {

    @Override
    public String id() {
        return "format";
    }

    @Override
    public TermResult evaluate(Sample sample) {
        boolean ok = sample.parsed().confidence().present() && RlcrFormat.isWellFormed(sample.completion());
        return TermResult.of(ok ? 1.0 : 0.0);
    }
}
