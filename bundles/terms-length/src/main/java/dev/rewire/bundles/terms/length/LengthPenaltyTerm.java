package dev.rewire.bundles.terms.length;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.SampleRewardTerm;
import dev.rewire.framework.spi.TermResult;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code length_penalty}: DAPO's soft overlong punishment (Yu et al. 2025). With L the completion
 * length ({@code completion_tokens}, else whitespace words), Lmax = {@code max_tokens} and
 * B = {@code buffer}:
 * <pre>
 *   0                                 L <= Lmax - B
 *   -(L - (Lmax - B)) / B * factor    Lmax - B < L <= Lmax
 *   -factor                           L > Lmax
 * </pre>
 * Range [-factor, 0]. Never abstains. Defaults {@code max_tokens} 4096, {@code buffer} 512,
 * {@code factor} 1. Configuration PID {@code rewire.term.length_penalty}.
 */
@Component(service = RewardTerm.class, configurationPid = "rewire.term.length_penalty")
public final class LengthPenaltyTerm implements SampleRewardTerm {

    /** Configuration of the term; DS turns a double underscore into the {@code _} of the .cfg key. */
    public @interface Config {
        int max__tokens() default 4096;

        int buffer() default 512;

        double factor() default 1.0;
    }

    private final int maxTokens;
    private final int buffer;
    private final double factor;

    LengthPenaltyTerm(int maxTokens, int buffer, double factor) {
        if (buffer < 1 || buffer > maxTokens) {
            throw new IllegalArgumentException("length_penalty needs 1 <= buffer <= max_tokens, got buffer " + buffer
                    + ", max_tokens " + maxTokens);
        }
        this.maxTokens = maxTokens;
        this.buffer = buffer;
        this.factor = factor;
    }

    @Activate
    public LengthPenaltyTerm(Config config) {
        this(config.max__tokens(), config.buffer(), config.factor());
    }

    @Override
    public String id() {
        return "length_penalty";
    }

    @Override
    public Map<String, Object> configuration() {
        return Map.of("max_tokens", maxTokens, "buffer", buffer, "factor", factor);
    }

    @Override
    public TermResult evaluate(Sample sample) {
        int length = sample.length();
        return TermResult.of(penalty(length), Map.of("length", (double) length));
    }

    double penalty(int length) {
        if (length <= maxTokens - buffer) {
            return 0.0;
        }
        if (length > maxTokens) {
            return -factor;
        }
        return -(double) (length - (maxTokens - buffer)) / buffer * factor;
    }
}
