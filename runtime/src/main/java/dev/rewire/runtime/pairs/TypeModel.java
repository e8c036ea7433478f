package dev.rewire.runtime.pairs;

import dev.rewire.framework.model.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A latent-class model of preference signals, fitted by EM: which type each signal is, pooled
 * per annotator, with the pairs' better responses estimated from the same data.
 *
 * <p>It is MACE (Hovy et al., NAACL 2013) with Dawid and Skene's (1979) one-coin annotators and
 * typed "spamming" strategies. Each pair p has a better response t_p (a or b, prior one half).
 * Each signal s (annotator u, pair p) is of one type z_s, drawn from the annotator's own mix
 * pi_u, which has a Dirichlet prior centred on the batch's mix (so an annotator with few items
 * borrows from everyone; one with many speaks for themself). Given z and t, each choice is
 * independent:
 * <ul>
 *   <li>GENUINE: picks t with probability 1 - e_u, the annotator's slip rate (one coin: a/b is
 *       storage order, so an asymmetric confusion matrix would mean nothing). e_u is capped at
 *       {@link #MAX_SLIP}: an annotator who strays more often holds no preference on those items
 *       (e_u = 1/2 would be a non-attitude by another name and the two would not be identifiable).</li>
 *   <li>CONSTRUCTED: where a filter's hypothesis predicts a side (a framing that pushes picks
 *       to the shorter, or the first-shown, response) picks it with probability 1 - e_u; elsewhere
 *       picks t like a genuine preference. This is a strategy; whether the signal is
 *       <em>reported</em> constructed depends on t: where every prediction equals t the framing
 *       did not move anything, and a preference the framing does not move is genuine by
 *       definition, so that part of the posterior is reported GENUINE. (Conditioning the strategy
 *       on a shift instead would halve its likelihood and let a coin explain a constructed
 *       annotator better than the truth.)</li>
 *   <li>NON_ATTITUDE: a fair coin each time, whatever was shown.</li>
 *   <li>ARTIFACT: where a filter's hypothesis predicts a side (a position habit) picks it with
 *       probability h_u, the habit's strength (at least one half); a coin elsewhere. Only possible
 *       where a filter offers such a hypothesis.</li>
 * </ul>
 * EM alternates the exact posterior over (t_p, z_s for every signal of p), which is cheap because
 * signals are independent given t_p, with MAP updates of pi_u, e_u (a Beta prior centred on
 * the batch's slip rate, worth {@link #SLIP_PRIOR_STRENGTH} judgments) and h_u (Beta(1, 1)). Where the design cannot separate two types (one judgment of a pair with no one
 * else judging it: GENUINE and NON_ATTITUDE predict a single choice equally well), their
 * likelihoods are equal, the posterior stays at the annotator's mix, and that mix stays where the
 * data cannot move it: the posterior says so instead of guessing. Not thread safe while fitting;
 * the fit is immutable.
 */
final class TypeModel {

    /** The types, in the order of every per-type array here. */
    static final List<Verdict> TYPES = List.of(Verdict.GENUINE, Verdict.CONSTRUCTED, Verdict.NON_ATTITUDE,
            Verdict.ARTIFACT);
    static final double MAX_SLIP = 0.2;
    static final double MIX_PRIOR_STRENGTH = 2.0;
    /** Pseudo-judgments of the batch's slip rate in each annotator's: one annotator's dozen or so items. */
    static final double SLIP_PRIOR_STRENGTH = 20.0;
    /**
     * The batch's slip rate has a weak prior at 5%, worth 200 judgments. Where a design cannot
     * tell slips from non-attitudes (two or three judgments of a pair and no one else judging it:
     * the only statistic is whether the picks agree), the likelihood is flat between "slips" and
     * "some items held no opinion", and without this prior EM drifts to a slip rate of zero and
     * calls every disagreement a non-attitude with false confidence. Where the design does
     * identify slips (four or more judgments, or co-annotators), a few hundred judgments outweigh it.
     */
    static final double SLIP_HYPERPRIOR_MEAN = 0.05;
    static final double SLIP_HYPERPRIOR_STRENGTH = 200.0;
    static final int MAX_ITERATIONS = 500;
    /** Cap of the reported log10 Bayes factor, where the runner-up is impossible. */
    static final double MAX_LOG_BAYES_FACTOR = 30;

    private static final int G = 0;
    private static final int C = 1;
    private static final int N = 2;
    private static final int A = 3;
    private static final int K = 4;
    private static final double LOG_HALF = Math.log(0.5);

    /**
     * One signal's choices, coded 0 for a and 1 for b.
     *
     * @param pair        index of its pair
     * @param annotator   index of its annotator
     * @param picks       its choices (ties and skips left out)
     * @param constructed per choice, the side the CONSTRUCTED hypothesis predicts (-1: none); null without one
     * @param artifact    per choice, the side the ARTIFACT hypothesis predicts (-1: none); null without one
     */
    record Signal(int pair, int annotator, int[] picks, int[] constructed, int[] artifact) {
    }

    /**
     * The fit.
     *
     * @param posterior         per signal, P(type) as reported (a constructed strategy the framing
     *                          did not move counts as genuine), in {@link #TYPES} order
     * @param ownLogBayesFactor per signal, log10 of the likelihood ratio of its most probable
     *                          strategy to the runner-up, from its own choices (the pair's better
     *                          response estimated from the other signals)
     * @param mix               per annotator, the fitted mix of strategies
     * @param slip              per annotator, the genuine slip rate
     * @param habit             per annotator, the strength of a position habit
     * @param betterIsA         per pair, P(a is the better response)
     * @param iterations        EM iterations run
     * @param slipsIdentified   per annotator, whether the design can tell their slips from their
     *                          non-attitudes: some pair of theirs has four or more of their choices
     *                          (with two or three, agreement is the only statistic, and "slips" and
     *                          "some items held no opinion" explain it equally), or another
     *                          annotator's choices to compare with
     */
    record Fit(double[][] posterior, double[] ownLogBayesFactor, double[][] mix, double[] slip, double[] habit,
               double[] betterIsA, int iterations, boolean[] slipsIdentified) {
    }

    /** What the likelihoods need of a signal, counted once: they do not change between iterations. */
    private static final class Counts {
        final int n;
        final int[] genuineErrors = new int[2];  // per t: picks that are not t
        final int[] constructedErrors = new int[2]; // per t: picks off the hypothesis (or off t where it is silent)
        /** Per t: whether some prediction differs from t, so the framing moved (or would have moved) a pick. */
        final boolean[] constructedShifts = new boolean[2];
        final boolean constructedHypothesis;
        int artifactPredicted;
        int artifactMatches;
        final boolean artifactPossible;

        Counts(Signal s) {
            n = s.picks().length;
            for (int t = 0; t < 2; t++) {
                for (int j = 0; j < n; j++) {
                    genuineErrors[t] += s.picks()[j] != t ? 1 : 0;
                    if (s.constructed() != null) {
                        int follow = s.constructed()[j] >= 0 ? s.constructed()[j] : t;
                        constructedErrors[t] += s.picks()[j] != follow ? 1 : 0;
                        constructedShifts[t] |= s.constructed()[j] >= 0 && s.constructed()[j] != t;
                    }
                }
            }
            if (s.artifact() != null) {
                for (int j = 0; j < n; j++) {
                    if (s.artifact()[j] >= 0) {
                        artifactPredicted++;
                        artifactMatches += s.picks()[j] == s.artifact()[j] ? 1 : 0;
                    }
                }
            }
            artifactPossible = artifactPredicted > 0;
            constructedHypothesis = s.constructed() != null;
        }
    }

    private TypeModel() {
    }

    static Fit fit(List<Signal> signals, int pairs, int annotators) {
        int m = signals.size();
        Counts[] counts = new Counts[m];
        List<List<Integer>> ofPair = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            ofPair.add(new ArrayList<>());
        }
        for (int s = 0; s < m; s++) {
            counts[s] = new Counts(signals.get(s));
            ofPair.get(signals.get(s).pair()).add(s);
        }
        boolean[] slipsIdentified = new boolean[annotators];
        for (int s = 0; s < m; s++) {
            Signal signal = signals.get(s);
            boolean shared = ofPair.get(signal.pair()).stream()
                    .anyMatch(o -> signals.get(o).annotator() != signal.annotator()
                            && signals.get(o).picks().length > 0);
            slipsIdentified[signal.annotator()] |= signal.picks().length >= 4 || shared;
        }
        double[][] mix = new double[annotators][K];
        for (double[] row : mix) {
            Arrays.fill(row, 1.0 / K);
        }
        double[] slip = new double[annotators];
        Arrays.fill(slip, 0.1);
        double[] habit = new double[annotators];
        Arrays.fill(habit, 0.9);
        double[][] posterior = new double[m][K];
        double[][][] joint = new double[m][K][2];
        double[] betterIsA = new double[pairs];
        double[][][] logLik = new double[m][K][2];
        int iteration = 0;
        while (iteration < MAX_ITERATIONS) {
            iteration++;
            for (int s = 0; s < m; s++) {
                int u = signals.get(s).annotator();
                logLikelihoods(counts[s], slip[u], habit[u], logLik[s]);
            }
            double change = 0;
            for (int p = 0; p < pairs; p++) {
                double[] logT = {LOG_HALF, LOG_HALF};
                for (int s : ofPair.get(p)) {
                    double[] mixU = mix[signals.get(s).annotator()];
                    for (int t = 0; t < 2; t++) {
                        logT[t] += logMarginal(mixU, logLik[s], t);
                    }
                }
                double[] pT = softmax(logT);
                betterIsA[p] = pT[0];
                for (int s : ofPair.get(p)) {
                    double[] mixU = mix[signals.get(s).annotator()];
                    double[] next = new double[K];
                    for (int t = 0; t < 2; t++) {
                        double logM = logMarginal(mixU, logLik[s], t);
                        for (int z = 0; z < K; z++) {
                            double q = mixU[z] == 0 || logLik[s][z][t] == Double.NEGATIVE_INFINITY ? 0
                                    : pT[t] * Math.exp(Math.log(mixU[z]) + logLik[s][z][t] - logM);
                            joint[s][z][t] = q;
                            next[z] += q;
                        }
                    }
                    for (int z = 0; z < K; z++) {
                        change = Math.max(change, Math.abs(next[z] - posterior[s][z]));
                    }
                    posterior[s] = next;
                }
            }
            maximize(signals, counts, joint, posterior, mix, slip, habit, slipsIdentified);
            if (change < 1e-7) {
                break;
            }
        }
        double[] ownBf = ownLogBayesFactors(signals, counts, ofPair, mix, slip, habit, posterior);
        double[][] reported = new double[m][];
        for (int s = 0; s < m; s++) {
            reported[s] = posterior[s].clone();
            for (int t = 0; t < 2; t++) {
                if (!counts[s].constructedShifts[t]) {
                    reported[s][C] -= joint[s][C][t];
                    reported[s][G] += joint[s][C][t];
                }
            }
            reported[s][C] = Math.max(0, reported[s][C]);
        }
        return new Fit(reported, ownBf, mix, slip, habit, betterIsA, iteration, slipsIdentified);
    }

    private static void logLikelihoods(Counts c, double slip, double habit, double[][] out) {
        double right = Math.log1p(-slip);
        double wrong = Math.log(slip);
        for (int t = 0; t < 2; t++) {
            out[G][t] = c.genuineErrors[t] * wrong + (c.n - c.genuineErrors[t]) * right;
            out[C][t] = c.constructedHypothesis
                    ? c.constructedErrors[t] * wrong + (c.n - c.constructedErrors[t]) * right : Double.NEGATIVE_INFINITY;
            out[N][t] = c.n * LOG_HALF;
            out[A][t] = c.artifactPossible ? c.artifactMatches * Math.log(habit)
                    + (c.artifactPredicted - c.artifactMatches) * Math.log1p(-habit)
                    + (c.n - c.artifactPredicted) * LOG_HALF : Double.NEGATIVE_INFINITY;
        }
    }

    /** log sum_z mix(z) L(z, t). */
    private static double logMarginal(double[] mix, double[][] logLik, int t) {
        double max = Double.NEGATIVE_INFINITY;
        for (int z = 0; z < K; z++) {
            if (mix[z] > 0) {
                max = Math.max(max, Math.log(mix[z]) + logLik[z][t]);
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int z = 0; z < K; z++) {
            if (mix[z] > 0) {
                sum += Math.exp(Math.log(mix[z]) + logLik[z][t] - max);
            }
        }
        return max + Math.log(sum);
    }

    private static void maximize(List<Signal> signals, Counts[] counts, double[][][] joint, double[][] posterior,
                                 double[][] mix, double[] slip, double[] habit, boolean[] slipsIdentified) {
        int annotators = mix.length;
        double[][] typeCounts = new double[annotators][K];
        double[] batchMix = new double[K];
        double[] errors = new double[annotators];
        double[] followed = new double[annotators];
        double[] matches = new double[annotators];
        double[] predicted = new double[annotators];
        for (int s = 0; s < signals.size(); s++) {
            int u = signals.get(s).annotator();
            Counts c = counts[s];
            for (int z = 0; z < K; z++) {
                typeCounts[u][z] += posterior[s][z];
                batchMix[z] += posterior[s][z];
            }
            for (int t = 0; t < 2; t++) {
                errors[u] += joint[s][G][t] * c.genuineErrors[t] + joint[s][C][t] * c.constructedErrors[t];
                followed[u] += (joint[s][G][t] + joint[s][C][t]) * c.n;
                matches[u] += joint[s][A][t] * c.artifactMatches;
                predicted[u] += joint[s][A][t] * c.artifactPredicted;
            }
        }
        double total = Arrays.stream(batchMix).sum();
        // Slip rates share a prior centred on the batch's: an annotator's few genuine items then
        // cannot talk the model into a slip rate that lets chance agreement pass as genuine.
        double identifiedErrors = 0;
        double identifiedFollowed = 0;
        for (int u = 0; u < annotators; u++) {
            if (slipsIdentified[u]) {
                identifiedErrors += errors[u];
                identifiedFollowed += followed[u];
            }
        }
        double batchSlip = (identifiedErrors + SLIP_HYPERPRIOR_STRENGTH * SLIP_HYPERPRIOR_MEAN)
                / (identifiedFollowed + SLIP_HYPERPRIOR_STRENGTH);
        for (int u = 0; u < annotators; u++) {
            double n = Arrays.stream(typeCounts[u]).sum();
            for (int z = 0; z < K; z++) {
                double prior = total == 0 ? 1.0 / K : batchMix[z] / total;
                mix[u][z] = (typeCounts[u][z] + MIX_PRIOR_STRENGTH * prior) / (n + MIX_PRIOR_STRENGTH);
            }
            // Where the design cannot tell this annotator's slips from non-attitudes, their own data
            // would move the rate anywhere along that ridge (and EM drifts to none): it stays at
            // the rate of the annotators whose slips are identified.
            slip[u] = !slipsIdentified[u] ? batchSlip : Math.min(MAX_SLIP, Math.max(1e-4,
                    (errors[u] + SLIP_PRIOR_STRENGTH * batchSlip) / (followed[u] + SLIP_PRIOR_STRENGTH)));
            habit[u] = Math.min(0.9999, Math.max(0.5, (matches[u] + 1) / (predicted[u] + 2)));
        }
    }

    private static double[] ownLogBayesFactors(List<Signal> signals, Counts[] counts, List<List<Integer>> ofPair,
                                               double[][] mix, double[] slip, double[] habit, double[][] posterior) {
        double[] out = new double[signals.size()];
        double[][][] logLik = new double[signals.size()][K][2];
        for (int s = 0; s < signals.size(); s++) {
            int u = signals.get(s).annotator();
            logLikelihoods(counts[s], slip[u], habit[u], logLik[s]);
        }
        for (List<Integer> members : ofPair) {
            for (int s : members) {
                double[] logT = {LOG_HALF, LOG_HALF};
                for (int other : members) {
                    if (other != s) {
                        for (int t = 0; t < 2; t++) {
                            logT[t] += logMarginal(mix[signals.get(other).annotator()], logLik[other], t);
                        }
                    }
                }
                double[] pT = softmax(logT);
                double[] own = new double[K];
                for (int z = 0; z < K; z++) {
                    for (int t = 0; t < 2; t++) {
                        own[z] += pT[t] * Math.exp(logLik[s][z][t]);
                    }
                }
                int best = 0;
                for (int z = 1; z < K; z++) {
                    best = posterior[s][z] > posterior[s][best] ? z : best;
                }
                int runnerUp = best == 0 ? 1 : 0;
                for (int z = 0; z < K; z++) {
                    runnerUp = z != best && posterior[s][z] > posterior[s][runnerUp] ? z : runnerUp;
                }
                double bf = Math.log10(own[best]) - Math.log10(own[runnerUp]);
                out[s] = Double.isNaN(bf) ? 0 : Math.max(-MAX_LOG_BAYES_FACTOR, Math.min(MAX_LOG_BAYES_FACTOR, bf));
            }
        }
        return out;
    }

    private static double[] softmax(double[] log) {
        double max = Math.max(log[0], log[1]);
        if (max == Double.NEGATIVE_INFINITY) {
            return new double[] {0.5, 0.5};
        }
        double a = Math.exp(log[0] - max);
        double b = Math.exp(log[1] - max);
        return new double[] {a / (a + b), b / (a + b)};
    }
}
