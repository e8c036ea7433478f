package dev.rewire.runtime.engine.pairs;

import static dev.rewire.runtime.engine.pairs.TypeModel.A;

import dev.rewire.runtime.engine.pairs.TypeModel.Signal;
import java.util.List;

/**
 * Per annotator, the pushes (one per framing they saw) that best explain the picks of their
 * signals as if they followed something: each signal's likelihood with the better response t
 * shared by all its choices (t from the pair's other signals only: judged against a t fitted to
 * their own picks, "follow t" would explain any picks of a lone annotator), less the choice among
 * the options for each framing that pushes. Every combination is tried where there are few, else
 * one framing at a time from the current pushes; the same push under every framing is a habit and
 * not considered. Whether the annotator is constructed at all is the class step's question: a
 * coin's best pushes explain a coin's picks far worse than the coin does. One fit's, not thread
 * safe.
 */
final class PushFit {

    /** Up to this many combinations of pushes, every one is tried. */
    private static final int EXHAUSTIVE = 125;
    /** Rounds of one-framing-at-a-time improvement where there are more. */
    private static final int SWEEPS = 3;

    private final ModelData data;
    private final Parameters params;
    private final PairStep pairStep;
    private final PushPrior prior;

    PushFit(ModelData data, Parameters params, PairStep pairStep, PushPrior prior) {
        this.data = data;
        this.params = params;
        this.pairStep = pairStep;
        this.prior = prior;
    }

    /** How well pushes explain an annotator's picks, less their cost: what the search maximizes. */
    interface Score {
        double of(int u, int[] pushes);
    }

    void fit() {
        fit(this::score);
    }

    /** Fits every annotator's pushes under {@code score}. */
    void fit(Score score) {
        for (int u = 0; u < data.annotators; u++) {
            List<Integer> present = data.present(u);
            int[] best = new int[data.framings];
            if (present.size() >= 2) {
                int combos = (int) Math.min(Integer.MAX_VALUE, Math.pow(data.options, present.size()));
                best = combos <= EXHAUSTIVE ? everyCombination(u, present, combos, score) : sweep(u, present, score);
            }
            params.push[u] = best;
        }
    }

    private int[] everyCombination(int u, List<Integer> present, int combos, Score score) {
        int[] best = new int[data.framings];
        double bestScore = Double.NEGATIVE_INFINITY;
        int[] current = new int[data.framings];
        for (int code = 0; code < combos; code++) {
            int rest = code;
            for (int f : present) {
                current[f] = rest % data.options;
                rest /= data.options;
            }
            if (isHabit(current, present)) {
                continue;
            }
            double total = score.of(u, current);
            if (total > bestScore + 1e-9) {
                bestScore = total;
                best = current.clone();
            }
        }
        return best;
    }

    private int[] sweep(int u, List<Integer> present, Score score) {
        int[] best = params.push[u].clone();
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            for (int f : present) {
                double bestScore = Double.NEGATIVE_INFINITY;
                int bestOption = best[f];
                for (int o = 0; o < data.options; o++) {
                    best[f] = o;
                    double total = isHabit(best, present) ? Double.NEGATIVE_INFINITY : score.of(u, best);
                    if (total > bestScore + 1e-9) {
                        bestScore = total;
                        bestOption = o;
                    }
                }
                best[f] = bestOption;
            }
        }
        return best;
    }

    /** sum over the annotator's signals of (1 - P(habit)) log P(picks | pushes), less the pushes' cost. */
    private double score(int u, int[] pushes) {
        double right = Math.log1p(-params.slip[u]);
        double wrong = Math.log(params.slip[u]);
        double total = -prior.cost(u, pushes);
        for (int s : data.ofAnnotator.get(u)) {
            double w = 1 - pairStep.posterior[s][A];
            if (w < 1e-12) {
                continue;
            }
            total += term(data.signals.get(s), pushes, pairStep.cavity[s], w, right, wrong);
        }
        return total;
    }

    /**
     * One signal's part of the score: w log P(its picks | the pushes), with the better response t
     * shared by all its choices and weighed by the cavity's P(t = a).
     */
    static double term(Signal sig, int[] pushes, double cavity, double w, double right, double wrong) {
        double[] logT = {Math.log(cavity), Math.log1p(-cavity)};
        for (int t = 0; t < 2; t++) {
            for (int j = 0; j < sig.picks().length; j++) {
                int target = TypeModel.target(pushes[sig.framing()[j]], sig.cues(), j);
                logT[t] += sig.picks()[j] == (target < 0 ? t : target) ? right : wrong;
            }
        }
        return w * LogMath.logSumExp(logT[0], logT[1]);
    }

    private static boolean isHabit(int[] pushes, List<Integer> present) {
        int first = pushes[present.get(0)];
        if (first == 0) {
            return false;
        }
        for (int f : present) {
            if (pushes[f] != first) {
                return false;
            }
        }
        return true;
    }
}
