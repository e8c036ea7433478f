package dev.rewire.bundles.terms.length;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.framework.stats.Median;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * {@code verbosity}: a completion's length against its group's median, for the detail bias that
 * per-point preferences reward (a policy that learns "longer wins" drifts longer every step):
 * {@code clip((median - L) / median, -1, 1)}. Range [-1, 1]: 0 at the median, positive when
 * shorter, negative when longer (at most -1 for twice the median or more). Scores a whole group;
 * abstains when the group's median length is 0, and in a group of one sample (its own median: 0
 * would be no measurement, only a number). Diagnostic {@code median_length}.
 */
@Component(service = RewardTerm.class)
public final class VerbosityTerm implements RewardTerm {

    @Override
    public String id() {
        return "verbosity";
    }

    @Override
    public List<TermResult> evaluate(Group group) {
        if (group.size() < 2) {
            return java.util.Collections.nCopies(group.size(),
                    TermResult.abstain("group of 1 sample: no other completion to compare its length with"));
        }
        int[] lengths = group.samples().stream().mapToInt(Sample::length).toArray();
        double median = Median.of(group.samples().stream().mapToDouble(Sample::length).toArray());
        List<TermResult> results = new ArrayList<>(lengths.length);
        for (int length : lengths) {
            if (median == 0) {
                results.add(TermResult.abstain("median length of the group is 0"));
            } else {
                double v = Math.max(-1, Math.min(1, (median - length) / median));
                results.add(TermResult.of(v, Map.of("median_length", median, "length", (double) length)));
            }
        }
        return results;
    }
}
