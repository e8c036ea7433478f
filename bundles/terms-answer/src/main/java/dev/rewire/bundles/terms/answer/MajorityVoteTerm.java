package dev.rewire.bundles.terms.answer;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.TermResult;
import dev.rewire.framework.grading.AnswerGrading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code majority_vote} (TTRL, Zuo et al. 2025): with no labels, the plurality answer of a
 * prompt's samples is the pseudo-label; a sample scores 1 when its final answer means the same as
 * it, else 0. Range {0, 1}; scores a whole group. Votes are the equivalence classes of the same
 * comparison that grades against a reference ({@link AnswerGrading#voteClasses}): {@code 1/2},
 * {@code 0.5} and {@code \frac{1}{2}} are one vote, and a sign error is another answer.
 *
 * <ul>
 *   <li>Ties go to the answer seen first in the group.</li>
 *   <li>Samples with no extractable answer count in the denominator of the majority ratio and
 *       score 0; a group with no answer at all scores 0 throughout (ratio 0).</li>
 *   <li>Diagnostic {@code majority_ratio}: the share of the group that gave the majority answer.</li>
 *   <li>{@code min_ratio} (default 0: off, as in TTRL): below it the whole group abstains, so a
 *       split vote gives no signal instead of a noisy one.</li>
 *   <li>{@code min_group} (default 2): a group of fewer samples abstains ("group of 1 sample: a
 *       vote needs at least 2"): a lone sample is its own plurality, so it would always score 1,
 *       wrong answers too. The record's {@code group} says the size it was scored in.</li>
 * </ul>
 * Configuration PID {@code rewire.term.majority_vote}.
 */
@Component(service = RewardTerm.class, configurationPid = "rewire.term.majority_vote")
public final class MajorityVoteTerm implements RewardTerm {

    /** Configuration of the term; DS turns a double underscore into the {@code _} of the .cfg key. */
    public @interface Config {
        double min__ratio() default 0.0;

        int min__group() default DEFAULT_MIN_GROUP;
    }

    /** The smallest group a vote is taken in by default. */
    static final int DEFAULT_MIN_GROUP = 2;

    private final double minRatio;
    private final int minGroup;

    MajorityVoteTerm(double minRatio) {
        this(minRatio, DEFAULT_MIN_GROUP);
    }

    MajorityVoteTerm(double minRatio, int minGroup) {
        this.minRatio = minRatio;
        this.minGroup = Math.max(1, minGroup);
    }

    @Activate
    public MajorityVoteTerm(Config config) {
        this(config.min__ratio(), config.min__group());
    }

    @Override
    public String id() {
        return "majority_vote";
    }

    @Override
    public Map<String, Object> configuration() {
        return Map.of("min_ratio", minRatio, "min_group", minGroup);
    }

    @Override
    public List<TermResult> evaluate(Group group) {
        if (group.size() < minGroup) {
            String reason = String.format(Locale.ROOT, "group of %d sample%s: a vote needs at least %d (min_group)",
                    group.size(), group.size() == 1 ? "" : "s", minGroup);
            return java.util.Collections.nCopies(group.size(), TermResult.abstain(reason));
        }
        List<String> answers = new ArrayList<>(group.size());
        for (Sample s : group.samples()) {
            answers.add(s.parsed().answer());
        }
        String domain = group.samples().isEmpty() ? null : group.samples().get(0).domain();
        int[] classes = AnswerGrading.voteClasses(domain, answers);
        List<TermResult> votes = vote(classes);
        int majority = majorityClass(classes);
        String majorityAnswer = null;
        for (int k = 0; k < classes.length && majorityAnswer == null; k++) {
            if (classes[k] == majority && majority >= 0) {
                majorityAnswer = answers.get(k);
            }
        }
        List<TermResult> explained = new ArrayList<>(votes.size());
        for (int k = 0; k < votes.size(); k++) {
            Map<String, String> why = new LinkedHashMap<>();
            why.put("extracted", answers.get(k) == null ? "no answer found" : answers.get(k));
            if (majorityAnswer != null) {
                why.put("majority", majorityAnswer);
            }
            explained.add(votes.get(k).explained(why));
        }
        return explained;
    }

    /** The class with the most votes; ties go to the class seen first; -1 when no sample answered. */
    static int majorityClass(int[] classes) {
        Map<Integer, Integer> counts = new LinkedHashMap<>();
        for (int c : classes) {
            if (c >= 0) {
                counts.merge(c, 1, Integer::sum);
            }
        }
        int majority = -1;
        int best = 0;
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            if (e.getValue() > best) {
                majority = e.getKey();
                best = e.getValue();
            }
        }
        return majority;
    }

    /** The vote over answer classes (-1 = no answer), one result per answer. */
    List<TermResult> vote(int[] classes) {
        int majority = majorityClass(classes);
        int best = 0;
        for (int c : classes) {
            if (c == majority && c >= 0) {
                best++;
            }
        }
        double ratio = classes.length == 0 ? 0 : (double) best / classes.length;
        List<TermResult> results = new ArrayList<>(classes.length);
        for (int c : classes) {
            if (ratio < minRatio) {
                results.add(TermResult.abstain(String.format(Locale.ROOT, "majority ratio %.3f < min_ratio %.3f",
                        ratio, minRatio)));
            } else {
                results.add(TermResult.of(c >= 0 && c == majority ? 1.0 : 0.0, Map.of("majority_ratio", ratio)));
            }
        }
        return results;
    }
}
