package dev.rewire.bundles.terms.calibration;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.SampleRewardTerm;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.framework.text.RlcrFormat;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code rlcr_brier} (RLCR, Damani et al. 2025): correctness plus the Brier score of the stated
 * confidence, so that stating q = P(correct) is optimal and bluffing is penalized.
 *
 * <ul>
 *   <li>{@code variant = paper} (default): {@code c - (q - c)^2}, range [-1, 1];</li>
 *   <li>{@code variant = trained}: {@code 0.5 c + 0.5 (1 - (c - q)^2)}, range [0, 1]: accuracy and
 *       the shifted Brier term at the equal weights of RLCR's released training configuration
 *       (which adds a format term the policy routes on its own). Accuracy is inside the term, as
 *       in the paper's variant: a term the policy routes instead of a correctness term must reward
 *       being right, and {@code 1 - (c - q)^2} alone does not (a wrong answer at q = 0.2 would
 *       outscore a right one at q = 0.8).</li>
 * </ul>
 * In both variants a right answer scores more than a wrong one at every stated q > 0 (the
 * difference is 2q in the paper's variant and q in the trained one; both tie at q = 0).
 * c = 1 when the final answer matches the reference (the domain's grading, {@link
 * dev.rewire.framework.grading.AnswerGrading}); q = the last {@code <confidence>} tag, or
 * the sample's {@code confidence} field when the completion has no tag. A tag that is unparsable
 * or outside [0,1], or no confidence at all, fails the format: the term abstains with a reason
 * starting {@code format:}, so neither correctness nor Brier is credited. Abstains without a
 * reference. Configuration PID {@code rewire.term.rlcr_brier}.
 */
@Component(service = RewardTerm.class, configurationPid = "rewire.term.rlcr_brier")
public final class RlcrBrierTerm implements SampleRewardTerm {

    /** Configuration of the term. */
    public @interface Config {
        String variant() default "paper";
    }

    private final boolean trained;

    RlcrBrierTerm(String variant) {
        if (!variant.equals("paper") && !variant.equals("trained")) {
            throw new IllegalArgumentException("rlcr_brier variant must be paper or trained, got " + variant);
        }
        this.trained = variant.equals("trained");
    }

    @Activate
    public RlcrBrierTerm(Config config) {
        this(config.variant());
    }

    @Override
    public String id() {
        return "rlcr_brier";
    }

    @Override
    public Map<String, Object> configuration() {
        return Map.of("variant", trained ? "trained" : "paper");
    }

    @Override
    public TermResult evaluate(Sample sample) {
        if (sample.reference() == null) {
            return TermResult.abstain("no reference");
        }
        double q;
        if (sample.parsed().confidenceTagged() || sample.confidence() == null) {
            RlcrFormat.Confidence stated = sample.parsed().confidence();
            if (!stated.present()) {
                return TermResult.abstain("format: " + stated.problem());
            }
            q = stated.value();
        } else {
            q = sample.confidence();
        }
        double c = sample.parsed().matchesReference() ? 1.0 : 0.0;
        return TermResult.of(reward(c, q), Map.of("confidence", q, "correct", c))
                .explained(sample.parsed().grade().explanation());
    }

    double reward(double c, double q) {
        double brier = (q - c) * (q - c);
        return trained ? 0.5 * c + 0.5 * (1 - brier) : c - brier;
    }
}
