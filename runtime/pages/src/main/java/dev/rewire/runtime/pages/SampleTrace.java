package dev.rewire.runtime.pages;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rewire.framework.model.Observation;
import dev.rewire.framework.policy.WeightStep;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.spi.Normalization;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.framework.stats.RunningMoments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One scored sample's whole story, read back from its output record and its group's rewards: the
 * rules that decided it, each term's value and weight with the rules that set the weight, its
 * abstentions, and how its advantage came out of the group's statistics. {@code rewire explain}
 * prints it ({@link TraceText}) and the report's worst-examples table shows it (the same text).
 *
 * @param id         the sample id
 * @param promptId   its prompt (its group)
 * @param batch      the batch it was scored in
 * @param line       the line of the scored file it was read from; 0 when it did not come from a file
 * @param reward     the recorded reward
 * @param advantage  the recorded advantage
 * @param terms      per routed term, in record order
 * @param rules      the record's rules: every rule that decided a route or weight, term by term
 * @param verdict    the annotation filters' verdict, or null
 * @param observed   what the checks read about the sample
 * @param provenance bundle versions, policy hash, term configuration
 * @param group      the statistics behind the advantage
 */
public record SampleTrace(String id, String promptId, long batch, long line, double reward, double advantage,
                          List<TermTrace> terms, List<String> rules, String verdict, Observation observed,
                          Provenance provenance, GroupStats group) {

    /**
     * One term's part.
     *
     * @param term             the term id
     * @param value            its value; null when it abstained
     * @param weight           the weight it was given
     * @param abstentionReason why it abstained; null when it did not ({@code "abstained"} in JSON, as in records)
     * @param steps            the rules that set the weight, in firing order; empty when the record predates them
     * @param explanation      the term's own account of its value (a graded answer's {@code extracted} and
     *                         {@code compared}); empty when it gave none
     */
    public record TermTrace(String term, Double value, double weight,
                            @JsonProperty("abstained") String abstentionReason, List<WeightStep> steps,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> explanation) {

        /** value x weight, what the term added to the reward (0 when it abstained). */
        public double contribution() {
            return value == null ? 0 : value * weight;
        }
    }

    /**
     * The sample's group (its prompt's samples in its batch) and the advantage recomputed from it.
     *
     * @param size          samples in the group
     * @param mean          their mean reward
     * @param std           their population standard deviation
     * @param normalization how advantages were normalized (as given to explain; {@code score}'s default)
     * @param epsilon       added to the std under mean_std
     * @param recomputed    the advantage these numbers give; it equals the recorded one unless the
     *                      file was scored with other options
     * @param rank          1 + the group's samples with a higher reward
     */
    public record GroupStats(int size, double mean, double std, Normalization normalization, double epsilon,
                             double recomputed, int rank) {

        static GroupStats of(double reward, List<Double> groupRewards, ScoringOptions options) {
            RunningMoments m = new RunningMoments();
            int higher = 0;
            for (double r : groupRewards) {
                m.add(r);
                higher += r > reward ? 1 : 0;
            }
            double recomputed = switch (options.normalization()) {
                case NONE -> reward;
                case MEAN -> reward - m.mean();
                case MEAN_STD -> (reward - m.mean()) / (m.std() + options.epsilon());
            };
            return new GroupStats(groupRewards.size(), m.mean(), m.std(), options.normalization(), options.epsilon(),
                    recomputed, higher + 1);
        }

        /** Whether the recomputation reproduces the recorded advantage (to 1e-9, relative above 1). */
        public boolean reproduces(double advantage) {
            return Math.abs(recomputed - advantage) <= 1e-9 * Math.max(1, Math.abs(advantage));
        }
    }

    /**
     * The trace of a {@code rewire score} record.
     *
     * @param line         the line it was read from; 0 when it was not read from a file
     * @param groupRewards the rewards of every record of the sample's group (its own included)
     * @throws IllegalArgumentException a term's rules are not weight steps
     */
    public static SampleTrace of(RewardRecord r, long line, List<Double> groupRewards, ScoringOptions options) {
        List<TermTrace> terms = new ArrayList<>();
        r.terms().forEach((term, t) -> {
            List<WeightStep> steps = new ArrayList<>();
            if (t.rules() != null) {
                t.rules().forEach(step -> steps.add(WeightStep.parse(step)));
            }
            terms.add(new TermTrace(term, t.value(), t.weight(), t.abstentionReason(), List.copyOf(steps),
                    t.explanation()));
        });
        return new SampleTrace(r.id(), r.promptId(), r.batch(), line, r.reward(), r.advantage(), List.copyOf(terms),
                r.rules() == null ? List.of() : List.copyOf(r.rules()), r.verdict() == null ? null : r.verdict().name(),
                r.observed(), r.provenance(), GroupStats.of(r.reward(), groupRewards, options));
    }
}
