package dev.rewire.runtime.engine.pairs;

import dev.rewire.framework.model.Verdict;
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
 *
 * <p>The fit's parts: {@link ModelData} (the signals indexed), {@link Parameters} (what EM fits),
 * {@link Likelihoods}, {@link PairStep} and {@link AnnotatorStep} (the E-step), {@link Maximization}
 * with {@link PushPrior} and {@link PushFit} (the M-step), {@link EmFit} (the loop) and
 * {@link ReportedPosterior} (what a fit reports).
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
    static final int K = 4;
    /** Annotator classes: the four pure ones (index = type) and the mixed one. */
    static final int MIXED = 4;
    static final int CLASSES = 5;
    static final double LOG_HALF = Math.log(0.5);

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
    record Signal(int pair, int annotator, int[] picks, int ties, int[] framing, int[][] cues, int[] artifact)
            implements java.io.Serializable {
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
        return new EmFit(new ModelData(signals, pairs, annotators, framings, cues)).run();
    }
}
