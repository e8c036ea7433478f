package dev.rewire.runtime.engine.pairs;

import dev.rewire.framework.model.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A latent-class model of preference signals, fitted by EM: which type each signal is, pooled
 * per annotator, with the pairs' better responses and every annotator's response to each framing
 * estimated from the same data. No framing is assumed neutral.
 *
 * <p>Each pair p has a better response t_p (a or b, prior one half). Each signal s (annotator u,
 * pair p) is of one type z_s. Given z and t, each judgment is independent:
 * <ul>
 *   <li>GENUINE: picks t with probability 1 - e_u, the annotator's slip rate (one coin: a/b is
 *       storage order). Capped at {@link #MAX_SLIP}; a class that fits it pays BIC's price.</li>
 *   <li>CONSTRUCTED: under framing f, picks the side the annotator's <em>push</em> for f names,
 *       with the same slip rate. A push is a cue a filter offers (the shorter response, the
 *       first-shown one: a side per judgment) followed or opposed ("longer", "second-shown"), or
 *       none (the pick follows t). Pushes are fitted per annotator, per framing, from the data: a
 *       constructed annotator's pick follows each framing's push; a genuine one is stable across
 *       framings (push none everywhere); a coin follows nothing; the same push under every framing
 *       is a habit, not a response to framing, and is not allowed (position habits are
 *       ARTIFACT). Where the pick does not depend on the framing (every framing's push names t
 *       for every judgment as shown), that part of the posterior is reported GENUINE: a
 *       preference the framing does not move is genuine.</li>
 *   <li>NON_ATTITUDE: a fair coin each time, whatever was shown.</li>
 *   <li>ARTIFACT: where a filter's habit hypothesis predicts a side, picks it with probability h_u
 *       (at least one half); a coin elsewhere.</li>
 * </ul>
 * Ties are evidence too: each type answers {@code tie} at its own rate, fitted over the batch
 * (a non-attitude ties more often than a held preference), and the choices follow the above.
 *
 * <p><b>Pure and mixed annotators.</b> Each annotator is one of five classes: purely genuine,
 * purely constructed, purely non-attitude, purely artifact, or mixed (their own mix of types,
 * with a Dirichlet prior centred on the batch's). The class posterior weighs each class's
 * likelihood of all the annotator's signals (each with the pair's better response estimated from
 * the other signals of the pair), less a BIC penalty for the mixed class's free shares and for
 * each fitted push. So an annotator at chance on 40 items is a non-attitude annotator with high
 * confidence even with two judgments a pair (a mix that calls their agreeing pairs genuine fits
 * no better and costs more), while a partial mix stays supported where the data favour it. The
 * pair-level step is exact over (t_p, z_s) with each annotator's effective mix (the class
 * posterior's average of the classes' mixes). Not thread safe while fitting; the fit is immutable.
 */
final class TypeModel {

    /** The types, in the order of every per-type array here. */
    static final List<Verdict> TYPES = List.of(Verdict.GENUINE, Verdict.CONSTRUCTED, Verdict.NON_ATTITUDE,
            Verdict.ARTIFACT);
    static final double MAX_SLIP = 0.2;
    static final double MIX_PRIOR_STRENGTH = 2.0;
    /** Pseudo-judgments of the batch's slip rate in each annotator's. */
    static final double SLIP_PRIOR_STRENGTH = 20.0;
    /**
     * The batch's slip rate has a weak prior at 5%, worth 200 judgments: where nothing identifies
     * slips, a disagreement is not called a non-attitude with false confidence.
     */
    static final double SLIP_HYPERPRIOR_MEAN = 0.05;
    static final double SLIP_HYPERPRIOR_STRENGTH = 200.0;
    static final int MAX_ITERATIONS = 300;
    /** Cap of the reported log10 Bayes factor, where the runner-up is impossible. */
    static final double MAX_LOG_BAYES_FACTOR = 30;
    /**
     * How sure the class step must be that an annotator is of one pure type for their slips to
     * count as told apart from non-attitudes: a verdict then rests on their overall agreement,
     * not on the slip rate's prior.
     */
    static final double PURE_IDENTIFIES = 0.75;
    /**
     * Prior of the mixed class (each pure class has a quarter of the rest): most annotators are of
     * one kind, and where a mix fits no better than a pure type (a coin at chance on every item)
     * the pure type should be the answer with some confidence, not at the BIC penalty's odds alone.
     */
    static final double MIXED_PRIOR = 0.03;
    /** A pure class's share of the other types: one odd signal does not rule the class out. */
    static final double PURE_LEAK = 1e-3;
    /** Weight of the uniform prior over push patterns against the pooled constructed annotators'. */
    static final double PUSH_PRIOR_STRENGTH = 2.0;

    static final int G = 0;
    static final int C = 1;
    static final int N = 2;
    static final int A = 3;
    private static final int K = 4;
    /** Annotator classes: the four pure ones (index = type) and the mixed one. */
    static final int MIXED = 4;
    static final int CLASSES = 5;
    private static final double LOG_HALF = Math.log(0.5);

    /**
     * One signal's judgments, coded 0 for a and 1 for b.
     *
     * @param pair      index of its pair
     * @param annotator index of its annotator
     * @param picks     its choices (ties and skips left out)
     * @param ties      how many of its judgments were ties
     * @param framing   per choice, the index of the framing it was asked under (one index for "none")
     * @param cues      per cue, per choice, the side the cue names (-1: none here); a cue is a side a
     *                  framing may push picks to or away from (the shorter response, the first shown)
     * @param artifact  per choice, the side the habit hypothesis predicts (-1: none); null without one
     */
    record Signal(int pair, int annotator, int[] picks, int ties, int[] framing, int[][] cues, int[] artifact) {
    }

    /**
     * The fit.
     *
     * @param posterior         per signal, P(type) as reported, in {@link #TYPES} order
     * @param ownLogBayesFactor per signal, log10 of the likelihood ratio of its most probable
     *                          type to the runner-up from its own judgments
     * @param mix               per annotator, the effective mix of types
     * @param classes           per annotator, P(class): pure GENUINE, CONSTRUCTED, NON_ATTITUDE,
     *                          ARTIFACT, mixed
     * @param slip              per annotator, the slip rate
     * @param habit             per annotator, the strength of a position habit
     * @param push              per annotator, per framing: 0 none, else 1 + 2 cue + (1 if opposed)
     * @param tieRate           per type, the rate of ties
     * @param betterIsA         per pair, P(a is the better response)
     * @param iterations        EM iterations run
     * @param slipsIdentified   per annotator, whether their slips can be told from their
     *                          non-attitudes: some pair has four or more of their choices, or another
     *                          annotator's choices; or they are confidently of a pure class
     */
    record Fit(double[][] posterior, double[] ownLogBayesFactor, double[][] mix, double[][] classes, double[] slip,
               double[] habit, int[][] push, double[] tieRate, double[] betterIsA, int iterations,
               boolean[] slipsIdentified) {
    }

    private TypeModel() {
    }

    /** What a push names for one choice: -1 follow t, else the side. */
    static int target(int push, int[][] cues, int j) {
        if (push == 0) {
            return -1;
        }
        int cue = (push - 1) / 2;
        int side = cues[cue][j];
        return side < 0 ? -1 : (push - 1) % 2 == 0 ? side : 1 - side;
    }

    static Fit fit(List<Signal> signals, int pairs, int annotators, int framings, int cues) {
        return new Fitter(signals, pairs, annotators, framings, cues).run();
    }

    /** The EM state; one use. */
    private static final class Fitter {
        final List<Signal> signals;
        final int m;
        final int pairs;
        final int annotators;
        final int framings;
        final int options;
        final List<List<Integer>> ofPair = new ArrayList<>();
        final List<List<Integer>> ofAnnotator = new ArrayList<>();
        final boolean[] designIdentified;
        final boolean[][] seen; // annotator x framing: has choices under it
        final boolean[] habitPossible;
        final double[][] mix;
        final double[][] mixedMix;
        final double[][] classes;
        final double[] slip;
        final double[] habit;
        final int[][] push;
        final double[] tieRate = {0.02, 0.02, 0.1, 0.05};
        /**
         * The constructed annotators' pushes, pooled (a latent class's): per push pattern, the
         * weight of the annotators found constructed with it. A pattern many constructed
         * annotators share costs little; one no one else shows costs more, so a coin with few
         * items does not buy a pattern of its own to explain its chance picks.
         */
        final java.util.Map<String, Double> pushCounts = new java.util.HashMap<>();
        double pushTotal;
        final double[][] posterior;
        final double[][][] joint;
        final double[][][] logLik;
        final double[] logPairT; // per pair, per t: log P(t, all signals of p), flattened [2p + t]
        final double[] betterIsA;

        Fitter(List<Signal> signals, int pairs, int annotators, int framings, int cues) {
            this.signals = signals;
            this.m = signals.size();
            this.pairs = pairs;
            this.annotators = annotators;
            this.framings = Math.max(1, framings);
            this.options = 1 + 2 * cues;
            for (int p = 0; p < pairs; p++) {
                ofPair.add(new ArrayList<>());
            }
            for (int u = 0; u < annotators; u++) {
                ofAnnotator.add(new ArrayList<>());
            }
            designIdentified = new boolean[annotators];
            seen = new boolean[annotators][this.framings];
            habitPossible = new boolean[annotators];
            for (int s = 0; s < m; s++) {
                Signal sig = signals.get(s);
                ofPair.get(sig.pair()).add(s);
                ofAnnotator.get(sig.annotator()).add(s);
                for (int f : sig.framing()) {
                    seen[sig.annotator()][f] = true;
                }
                if (sig.artifact() != null && Arrays.stream(sig.artifact()).anyMatch(x -> x >= 0)) {
                    habitPossible[sig.annotator()] = true;
                }
            }
            for (int s = 0; s < m; s++) {
                Signal sig = signals.get(s);
                boolean shared = ofPair.get(sig.pair()).stream().anyMatch(o -> signals.get(o).annotator()
                        != sig.annotator() && signals.get(o).picks().length > 0);
                designIdentified[sig.annotator()] |= sig.picks().length >= 4 || shared;
            }
            mix = new double[annotators][K];
            mixedMix = new double[annotators][K];
            classes = new double[annotators][CLASSES];
            for (int u = 0; u < annotators; u++) {
                Arrays.fill(mixedMix[u], 1.0 / K);
                Arrays.fill(classes[u], 0);
                classes[u][MIXED] = 1;
                mix[u] = mixedMix[u].clone();
                if (!habitPossible[u]) {
                    mixedMix[u][A] = 0;
                    normalize(mixedMix[u]);
                    mix[u] = mixedMix[u].clone();
                }
            }
            slip = new double[annotators];
            Arrays.fill(slip, 0.1);
            habit = new double[annotators];
            Arrays.fill(habit, 0.9);
            push = new int[annotators][this.framings];
            posterior = new double[m][K];
            joint = new double[m][K][2];
            logLik = new double[m][K][2];
            logPairT = new double[2 * pairs];
            betterIsA = new double[pairs];
        }

        Fit run() {
            int iteration = 0;
            double[][] previous = null;
            while (iteration < MAX_ITERATIONS) {
                iteration++;
                computeLikelihoods();
                pairStep();
                annotatorStep();
                maximize();
                double change = 0;
                if (previous != null) {
                    for (int s = 0; s < m; s++) {
                        for (int z = 0; z < K; z++) {
                            change = Math.max(change, Math.abs(previous[s][z] - posterior[s][z]));
                        }
                    }
                }
                previous = new double[m][];
                for (int s = 0; s < m; s++) {
                    previous[s] = posterior[s].clone();
                }
                if (iteration > 3 && change < 1e-6) {
                    break;
                }
            }
            computeLikelihoods();
            pairStep();
            double[] ownBf = ownLogBayesFactors();
            double[][] reported = new double[m][];
            boolean[] slipsIdentified = new boolean[annotators];
            for (int u = 0; u < annotators; u++) {
                double pure = 0;
                for (int c = 0; c < K; c++) {
                    pure = Math.max(pure, classes[u][c]);
                }
                slipsIdentified[u] = designIdentified[u] || pure >= PURE_IDENTIFIES;
            }
            for (int s = 0; s < m; s++) {
                reported[s] = posterior[s].clone();
                Signal sig = signals.get(s);
                for (int t = 0; t < 2; t++) {
                    if (!shifts(sig, t)) {
                        reported[s][C] -= joint[s][C][t];
                        reported[s][G] += joint[s][C][t];
                    }
                }
                reported[s][C] = Math.max(0, reported[s][C]);
            }
            int[][] pushCopy = new int[annotators][];
            double[][] classCopy = new double[annotators][];
            for (int u = 0; u < annotators; u++) {
                pushCopy[u] = push[u].clone();
                classCopy[u] = classes[u].clone();
            }
            return new Fit(reported, ownBf, mix, classCopy, slip, habit, pushCopy, tieRate.clone(), betterIsA,
                    iteration, slipsIdentified);
        }

        /**
         * Whether the signal's picks depend on the framing, for this t: on some choice, the
         * annotator's push under its framing names a side other than t, or their pushes under two
         * framings they saw name different sides for the same presentation (a pick that follows
         * "first impression" and "second look" to the same response after the order was swapped
         * still depends on the framing: shown the other way, it would have changed).
         */
        boolean shifts(Signal sig, int t) {
            int u = sig.annotator();
            int[] pu = push[u];
            for (int j = 0; j < sig.picks().length; j++) {
                int own = target(pu[sig.framing()[j]], sig.cues(), j);
                if (own >= 0 && own != t) {
                    return true;
                }
                int side = own < 0 ? t : own;
                for (int f = 0; f < framings; f++) {
                    if (seen[u][f]) {
                        int other = target(pu[f], sig.cues(), j);
                        if ((other < 0 ? t : other) != side) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        void computeLikelihoods() {
            double[] logTie = new double[K];
            double[] logChoice = new double[K];
            for (int z = 0; z < K; z++) {
                logTie[z] = Math.log(tieRate[z]);
                logChoice[z] = Math.log1p(-tieRate[z]);
            }
            for (int s = 0; s < m; s++) {
                Signal sig = signals.get(s);
                int u = sig.annotator();
                int n = sig.picks().length;
                double right = Math.log1p(-slip[u]);
                double wrong = Math.log(slip[u]);
                for (int t = 0; t < 2; t++) {
                    double g = 0;
                    double c = 0;
                    boolean pushed = false;
                    for (int j = 0; j < n; j++) {
                        int y = sig.picks()[j];
                        g += y == t ? right : wrong;
                        int target = target(push[u][sig.framing()[j]], sig.cues(), j);
                        pushed |= push[u][sig.framing()[j]] != 0;
                        c += y == (target < 0 ? t : target) ? right : wrong;
                    }
                    double ties = sig.ties();
                    logLik[s][G][t] = g + ties * logTie[G] + n * logChoice[G];
                    logLik[s][C][t] = hasPush(u) ? c + ties * logTie[C] + n * logChoice[C] : Double.NEGATIVE_INFINITY;
                    logLik[s][N][t] = n * LOG_HALF + ties * logTie[N] + n * logChoice[N];
                    if (habitPossible[u] && sig.artifact() != null) {
                        double a = 0;
                        for (int j = 0; j < n; j++) {
                            int predicted = sig.artifact()[j];
                            a += predicted < 0 ? LOG_HALF
                                    : sig.picks()[j] == predicted ? Math.log(habit[u]) : Math.log1p(-habit[u]);
                        }
                        logLik[s][A][t] = a + ties * logTie[A] + n * logChoice[A];
                    } else {
                        logLik[s][A][t] = Double.NEGATIVE_INFINITY;
                    }
                }
            }
        }

        boolean hasPush(int u) {
            for (int p : push[u]) {
                if (p != 0) {
                    return true;
                }
            }
            return false;
        }

        /** Exact posterior over (t_p, z_s of each signal of p), given each annotator's effective mix. */
        void pairStep() {
            for (int p = 0; p < pairs; p++) {
                double[] logT = {LOG_HALF, LOG_HALF};
                for (int s : ofPair.get(p)) {
                    double[] mixU = mix[signals.get(s).annotator()];
                    for (int t = 0; t < 2; t++) {
                        logT[t] += logMarginal(mixU, logLik[s], t);
                    }
                }
                logPairT[2 * p] = logT[0];
                logPairT[2 * p + 1] = logT[1];
                double[] pT = softmax(logT);
                betterIsA[p] = pT[0];
                for (int s : ofPair.get(p)) {
                    double[] mixU = mix[signals.get(s).annotator()];
                    double[] next = new double[K];
                    for (int t = 0; t < 2; t++) {
                        double logM = logMarginal(mixU, logLik[s], t);
                        for (int z = 0; z < K; z++) {
                            double q = mixU[z] == 0 || logLik[s][z][t] == Double.NEGATIVE_INFINITY
                                    || logM == Double.NEGATIVE_INFINITY ? 0
                                    : pT[t] * Math.exp(Math.log(mixU[z]) + logLik[s][z][t] - logM);
                            joint[s][z][t] = q;
                            next[z] += q;
                        }
                    }
                    posterior[s] = next;
                }
            }
            cavity = new double[m];
            for (int s = 0; s < m; s++) {
                cavity[s] = computeCavityT(s)[0];
            }
        }

        /**
         * Per signal, log P(its judgments | z) with t_p estimated from the pair's other signals
         * (the cavity: the signal's own term taken out of the pair's), so an annotator alone on a
         * pair is not judged against their own picks.
         */
        double[][] cavityLogLik() {
            double[][] out = new double[m][K];
            for (int s = 0; s < m; s++) {
                double[] pT = cavityT(s);
                for (int z = 0; z < K; z++) {
                    double a = Math.log(pT[0]) + logLik[s][z][0];
                    double b = Math.log(pT[1]) + logLik[s][z][1];
                    out[s][z] = logSumExp(a, b);
                }
            }
            return out;
        }

        /** The cavity P(t = a) of each signal, as of the last pair step. */
        double[] cavity;

        double[] cavityT(int s) {
            return new double[] {cavity[s], 1 - cavity[s]};
        }

        /**
         * P(t) for the signal's pair from the pair's other signals (one half each where it has
         * none), with the mixes and likelihoods of the pair step just run.
         */
        double[] computeCavityT(int s) {
            Signal sig = signals.get(s);
            double[] mixU = mix[sig.annotator()];
            double[] logT = new double[2];
            for (int t = 0; t < 2; t++) {
                double own = logMarginal(mixU, logLik[s], t);
                logT[t] = own == Double.NEGATIVE_INFINITY ? LOG_HALF : logPairT[2 * sig.pair() + t] - own;
            }
            return softmax(logT);
        }

        /** Class posteriors per annotator, the mixed class's mix, and the effective mix. */
        void annotatorStep() {
            double[][] own = cavityLogLik();
            double[] batchMix = new double[K];
            for (int s = 0; s < m; s++) {
                for (int z = 0; z < K; z++) {
                    batchMix[z] += posterior[s][z];
                }
            }
            normalize(batchMix);
            for (int u = 0; u < annotators; u++) {
                List<Integer> mine = ofAnnotator.get(u);
                if (mine.isEmpty()) {
                    continue;
                }
                int n = mine.size();
                // The mixed class's shares: one EM step from its own responsibilities.
                double[] counts = new double[K];
                for (int s : mine) {
                    double[] r = responsibilities(mixedMix[u], own[s]);
                    for (int z = 0; z < K; z++) {
                        counts[z] += r[z];
                    }
                }
                int free = 0;
                for (int z = 0; z < K; z++) {
                    boolean possible = z != A || habitPossible[u];
                    possible &= z != C || hasPush(u);
                    mixedMix[u][z] = possible ? (counts[z] + MIX_PRIOR_STRENGTH * Math.max(batchMix[z], 1e-3))
                            / (n + MIX_PRIOR_STRENGTH) : 0;
                    free += possible ? 1 : 0;
                }
                normalize(mixedMix[u]);
                double[] logClass = new double[CLASSES];
                Arrays.fill(logClass, Double.NEGATIVE_INFINITY);
                for (int c = 0; c < CLASSES; c++) {
                    double[] classMix = c == MIXED ? mixedMix[u] : pureMix(c, u);
                    if (classMix == null) {
                        continue;
                    }
                    double ll = 0;
                    for (int s : mine) {
                        ll += logMix(classMix, own[s]);
                    }
                    if (c == MIXED) {
                        ll -= 0.5 * (free - 1) * Math.log(Math.max(2, n));
                    }
                    if (c == G || c == C || c == MIXED) {
                        // the slip rate is fitted to the annotator's own picks: BIC's price for it, so a
                        // coin is not a preference (or a pattern) with a high slip rate for free
                        ll -= 0.5 * Math.log(Math.max(2, choicesOf(u)));
                    }
                    if (c == C || (c == MIXED && mixedMix[u][C] > 0)) {
                        ll -= pushPenalty(u);
                    }
                    logClass[c] = ll + Math.log(c == MIXED ? MIXED_PRIOR : (1 - MIXED_PRIOR) / K);
                }
                double max = Arrays.stream(logClass).max().orElse(0);
                double sum = 0;
                for (int c = 0; c < CLASSES; c++) {
                    classes[u][c] = logClass[c] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(logClass[c] - max);
                    sum += classes[u][c];
                }
                for (int c = 0; c < CLASSES; c++) {
                    classes[u][c] /= sum;
                }
                double[] effective = new double[K];
                for (int c = 0; c < CLASSES; c++) {
                    double[] classMix = c == MIXED ? mixedMix[u] : pureMix(c, u);
                    if (classMix != null && classes[u][c] > 0) {
                        for (int z = 0; z < K; z++) {
                            effective[z] += classes[u][c] * classMix[z];
                        }
                    }
                }
                normalize(effective);
                mix[u] = effective;
            }
        }

        int choicesOf(int u) {
            int n = 0;
            for (int s : ofAnnotator.get(u)) {
                n += signals.get(s).picks().length;
            }
            return n;
        }

        /** A pure class's mix: its type with a small leak to the other possible types; null where impossible. */
        double[] pureMix(int type, int u) {
            if ((type == A && !habitPossible[u]) || (type == C && !hasPush(u))) {
                return null;
            }
            double[] out = new double[K];
            for (int z = 0; z < K; z++) {
                boolean possible = (z != A || habitPossible[u]) && (z != C || hasPush(u));
                out[z] = z == type ? 1 : possible ? PURE_LEAK : 0;
            }
            normalize(out);
            return out;
        }

        /** What the annotator's fitted pushes cost. */
        double pushPenalty(int u) {
            return pushCost(u, push[u]);
        }

        /**
         * -log P(pattern) under the pooled patterns: (weight of the constructed annotators with it
         * + PUSH_PRIOR_STRENGTH / the patterns possible) / (their total weight + PUSH_PRIOR_STRENGTH).
         * No push at all costs nothing: it is not a constructed annotator's pattern.
         */
        double pushCost(int u, int[] pushes) {
            boolean any = false;
            for (int p : pushes) {
                any |= p != 0;
            }
            if (!any) {
                return 0;
            }
            int present = 0;
            for (int f = 0; f < framings; f++) {
                present += seen[u][f] ? 1 : 0;
            }
            double patterns = Math.pow(options, present) - options; // less the habits (and none)
            double count = pushCounts.getOrDefault(Arrays.toString(pushes), 0.0);
            return -Math.log((count + PUSH_PRIOR_STRENGTH / Math.max(1, patterns)) / (pushTotal + PUSH_PRIOR_STRENGTH));
        }

        /** Pools the constructed annotators' push patterns, each weighted by P(constructed). */
        void poolPushes() {
            pushCounts.clear();
            pushTotal = 0;
            for (int u = 0; u < annotators; u++) {
                double constructed = classes[u][C] + classes[u][MIXED] * mixedMix[u][C];
                if (constructed > 0 && hasPush(u)) {
                    pushCounts.merge(Arrays.toString(push[u]), constructed, Double::sum);
                    pushTotal += constructed;
                }
            }
        }

        void maximize() {
            double[] errors = new double[annotators];
            double[] followed = new double[annotators];
            double[] matches = new double[annotators];
            double[] predicted = new double[annotators];
            double[] tieCounts = new double[K];
            double[] judgmentCounts = new double[K];
            for (int s = 0; s < m; s++) {
                Signal sig = signals.get(s);
                int u = sig.annotator();
                int n = sig.picks().length;
                for (int z = 0; z < K; z++) {
                    tieCounts[z] += posterior[s][z] * sig.ties();
                    judgmentCounts[z] += posterior[s][z] * (sig.ties() + n);
                }
                for (int t = 0; t < 2; t++) {
                    int genuineErrors = 0;
                    int constructedErrors = 0;
                    int artifactMatches = 0;
                    int artifactPredicted = 0;
                    for (int j = 0; j < n; j++) {
                        int y = sig.picks()[j];
                        genuineErrors += y != t ? 1 : 0;
                        int target = target(push[u][sig.framing()[j]], sig.cues(), j);
                        constructedErrors += y != (target < 0 ? t : target) ? 1 : 0;
                        if (sig.artifact() != null && sig.artifact()[j] >= 0) {
                            artifactPredicted++;
                            artifactMatches += y == sig.artifact()[j] ? 1 : 0;
                        }
                    }
                    errors[u] += joint[s][G][t] * genuineErrors + joint[s][C][t] * constructedErrors;
                    followed[u] += (joint[s][G][t] + joint[s][C][t]) * n;
                    matches[u] += joint[s][A][t] * artifactMatches;
                    predicted[u] += joint[s][A][t] * artifactPredicted;
                }
            }
            for (int z = 0; z < K; z++) {
                // a prior worth 50 judgments at 2%: a type seen on few judgments keeps a small tie rate
                tieRate[z] = Math.min(0.9, Math.max(1e-4, (tieCounts[z] + 1) / (judgmentCounts[z] + 50)));
            }
            // The batch's slip rate, from the annotators whose slips the data identify: by the design,
            // or by their being confidently of a pure class.
            double identifiedErrors = 0;
            double identifiedFollowed = 0;
            for (int u = 0; u < annotators; u++) {
                double w = designIdentified[u] ? 1 : classes[u][G] + classes[u][C];
                identifiedErrors += w * errors[u];
                identifiedFollowed += w * followed[u];
            }
            double batchSlip = (identifiedErrors + SLIP_HYPERPRIOR_STRENGTH * SLIP_HYPERPRIOR_MEAN)
                    / (identifiedFollowed + SLIP_HYPERPRIOR_STRENGTH);
            for (int u = 0; u < annotators; u++) {
                // A mixed annotator in a design that cannot tell their slips from their non-attitudes
                // keeps the batch's rate: their own data would move it anywhere along that ridge.
                double own = designIdentified[u] ? 1 : classes[u][G] + classes[u][C];
                slip[u] = Math.min(MAX_SLIP, Math.max(1e-3, (own * errors[u] + SLIP_PRIOR_STRENGTH * batchSlip)
                        / (own * followed[u] + SLIP_PRIOR_STRENGTH)));
                habit[u] = Math.min(0.9999, Math.max(0.5, (matches[u] + 1) / (predicted[u] + 2)));
            }
            poolPushes();
            fitPushes();
        }

        /**
         * Per annotator, the pushes (one per framing they saw) that best explain the picks of
         * their signals as if they followed something: each signal's likelihood with the better
         * response t shared by all its choices (t from the pair's other signals only: judged
         * against a t fitted to their own picks, "follow t" would explain any picks of a lone
         * annotator), less the choice among the options for each framing that pushes. Every
         * combination is tried where there are few, else one framing at a time from the current
         * pushes; the same push under every framing is a habit and not considered. Whether the
         * annotator is constructed at all is the class step's question: a coin's best pushes
         * explain a coin's picks far worse than the coin does.
         */
        void fitPushes() {
            for (int u = 0; u < annotators; u++) {
                List<Integer> present = new ArrayList<>();
                for (int f = 0; f < framings; f++) {
                    if (seen[u][f]) {
                        present.add(f);
                    }
                }
                int[] best = new int[framings];
                if (present.size() >= 2) {
                    int combos = (int) Math.min(Integer.MAX_VALUE, Math.pow(options, present.size()));
                    if (combos <= 125) {
                        double bestScore = Double.NEGATIVE_INFINITY;
                        int[] current = new int[framings];
                        for (int code = 0; code < combos; code++) {
                            int rest = code;
                            for (int f : present) {
                                current[f] = rest % options;
                                rest /= options;
                            }
                            if (isHabit(current, present)) {
                                continue;
                            }
                            double total = pushScore(u, current);
                            if (total > bestScore + 1e-9) {
                                bestScore = total;
                                best = current.clone();
                            }
                        }
                    } else {
                        best = push[u].clone();
                        for (int sweep = 0; sweep < 3; sweep++) {
                            for (int f : present) {
                                double bestScore = Double.NEGATIVE_INFINITY;
                                int bestOption = best[f];
                                for (int o = 0; o < options; o++) {
                                    best[f] = o;
                                    double total = isHabit(best, present) ? Double.NEGATIVE_INFINITY : pushScore(u, best);
                                    if (total > bestScore + 1e-9) {
                                        bestScore = total;
                                        bestOption = o;
                                    }
                                }
                                best[f] = bestOption;
                            }
                        }
                    }
                }
                push[u] = best;
            }
        }

        /** sum over the annotator's signals of (1 - P(habit)) log P(picks | pushes), less the pushes' cost. */
        double pushScore(int u, int[] pushes) {
            double right = Math.log1p(-slip[u]);
            double wrong = Math.log(slip[u]);
            double total = -pushCost(u, pushes);
            for (int s : ofAnnotator.get(u)) {
                Signal sig = signals.get(s);
                double w = 1 - posterior[s][A];
                if (w < 1e-12) {
                    continue;
                }
                double[] logT = {Math.log(cavity[s]), Math.log1p(-cavity[s])};
                for (int t = 0; t < 2; t++) {
                    for (int j = 0; j < sig.picks().length; j++) {
                        int target = target(pushes[sig.framing()[j]], sig.cues(), j);
                        logT[t] += sig.picks()[j] == (target < 0 ? t : target) ? right : wrong;
                    }
                }
                total += w * logSumExp(logT[0], logT[1]);
            }
            return total;
        }

        static boolean isHabit(int[] pushes, List<Integer> present) {
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

        double[] ownLogBayesFactors() {
            double[][] own = cavityLogLik();
            double[] out = new double[m];
            for (int s = 0; s < m; s++) {
                int best = 0;
                for (int z = 1; z < K; z++) {
                    best = posterior[s][z] > posterior[s][best] ? z : best;
                }
                int runnerUp = best == 0 ? 1 : 0;
                for (int z = 0; z < K; z++) {
                    runnerUp = z != best && posterior[s][z] > posterior[s][runnerUp] ? z : runnerUp;
                }
                double bf = (own[s][best] - own[s][runnerUp]) / Math.log(10);
                out[s] = Double.isNaN(bf) ? 0 : Math.max(-MAX_LOG_BAYES_FACTOR, Math.min(MAX_LOG_BAYES_FACTOR, bf));
            }
            return out;
        }
    }

    /** P(z | the signal) under a mix, from per-type log-likelihoods. */
    static double[] responsibilities(double[] mix, double[] logLik) {
        double[] out = new double[K];
        double total = logMix(mix, logLik);
        if (total == Double.NEGATIVE_INFINITY) {
            return out;
        }
        for (int z = 0; z < K; z++) {
            out[z] = mix[z] > 0 && logLik[z] != Double.NEGATIVE_INFINITY ? Math.exp(Math.log(mix[z]) + logLik[z] - total) : 0;
        }
        return out;
    }

    /** log sum_z mix(z) exp(logLik(z)). */
    static double logMix(double[] mix, double[] logLik) {
        double max = Double.NEGATIVE_INFINITY;
        for (int z = 0; z < K; z++) {
            if (mix[z] > 0 && logLik[z] != Double.NEGATIVE_INFINITY) {
                max = Math.max(max, Math.log(mix[z]) + logLik[z]);
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int z = 0; z < K; z++) {
            if (mix[z] > 0 && logLik[z] != Double.NEGATIVE_INFINITY) {
                sum += Math.exp(Math.log(mix[z]) + logLik[z] - max);
            }
        }
        return max + Math.log(sum);
    }

    /** log sum_z mix(z) L(z, t). */
    private static double logMarginal(double[] mix, double[][] logLik, int t) {
        double[] at = new double[K];
        for (int z = 0; z < K; z++) {
            at[z] = logLik[z][t];
        }
        return logMix(mix, at);
    }

    private static double logSumExp(double a, double b) {
        double max = Math.max(a, b);
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
    }

    private static void normalize(double[] v) {
        double sum = Arrays.stream(v).sum();
        if (sum > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= sum;
            }
        }
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
