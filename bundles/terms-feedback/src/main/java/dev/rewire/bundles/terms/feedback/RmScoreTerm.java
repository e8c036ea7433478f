package dev.rewire.bundles.terms.feedback;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.framework.stats.RunningMoments;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code rm_score}: a learned reward model's score carried in the sample ({@code rm_score}).
 * With {@code standardize = true} each score is standardized within its {@code domain} by running
 * statistics (every group's scores are added before its own are standardized), since
 * reward models score domains on different scales: {@code (x - mean) / (std + epsilon)} (0 while a domain has no spread and epsilon is 0).
 * Unbounded range. Abstains without a score. Running statistics live in this instance: a new
 * configuration or bundle version starts them afresh. Configuration PID {@code rewire.term.rm_score}.
 */
@Component(service = RewardTerm.class, configurationPid = "rewire.term.rm_score")
public final class RmScoreTerm implements RewardTerm {

    /** Configuration of the term. */
    public @interface Config {
        boolean standardize() default false;

        double epsilon() default 1e-6;
    }

    private final boolean standardize;
    private final double epsilon;
    private final Map<String, RunningMoments> byDomain = new HashMap<>();

    RmScoreTerm(boolean standardize, double epsilon) {
        this.standardize = standardize;
        this.epsilon = epsilon;
    }

    @Activate
    public RmScoreTerm(Config config) {
        this(config.standardize(), config.epsilon());
    }

    @Override
    public String id() {
        return "rm_score";
    }

    @Override
    public Map<String, Object> configuration() {
        return Map.of("standardize", standardize, "epsilon", epsilon);
    }

    @Override
    public List<TermResult> evaluate(Group group) {
        List<TermResult> results = new ArrayList<>(group.size());
        if (!standardize) {
            for (Sample s : group.samples()) {
                results.add(s.rmScore() == null ? TermResult.abstain("no rm_score") : TermResult.of(s.rmScore()));
            }
            return results;
        }
        synchronized (byDomain) {
            for (Sample s : group.samples()) {
                if (s.rmScore() != null) {
                    byDomain.computeIfAbsent(s.domain(), d -> new RunningMoments()).add(s.rmScore());
                }
            }
            for (Sample s : group.samples()) {
                if (s.rmScore() == null) {
                    results.add(TermResult.abstain("no rm_score"));
                } else {
                    RunningMoments r = byDomain.get(s.domain());
                    double scale = r.std() + epsilon;
                    results.add(TermResult.of(scale > 0 ? (s.rmScore() - r.mean()) / scale : 0.0,
                            Map.of("raw", s.rmScore(), "domain_mean", r.mean(), "domain_std", r.std())));
                }
            }
        }
        return results;
    }
}
