package dev.rewire.runtime.engine.pairs;

import static dev.rewire.runtime.engine.pairs.TypeModel.C;
import static dev.rewire.runtime.engine.pairs.TypeModel.CLASSES;
import static dev.rewire.runtime.engine.pairs.TypeModel.G;
import static dev.rewire.runtime.engine.pairs.TypeModel.K;
import static dev.rewire.runtime.engine.pairs.TypeModel.MIXED;
import static dev.rewire.runtime.engine.pairs.TypeModel.MIXED_PRIOR;
import static dev.rewire.runtime.engine.pairs.TypeModel.MIX_PRIOR_STRENGTH;

import java.util.Arrays;
import java.util.List;

/**
 * The annotator-level step: per annotator, the mixed class's mix (one EM step from its own
 * responsibilities, with a Dirichlet prior centred on the batch's mix), the class posterior (each
 * class's likelihood of all their signals, each against the cavity's t, less BIC's price for what
 * the class fits), and the effective mix the next pair step uses. One fit's, not thread safe.
 */
final class AnnotatorStep {

    private final ModelData data;
    private final Parameters params;
    private final PairStep pairStep;
    private final PushPrior pushPrior;

    AnnotatorStep(ModelData data, Parameters params, PairStep pairStep, PushPrior pushPrior) {
        this.data = data;
        this.params = params;
        this.pairStep = pairStep;
        this.pushPrior = pushPrior;
    }

    void run() {
        double[][] own = pairStep.cavityLogLik();
        double[] batchMix = batchMix();
        for (int u = 0; u < data.annotators; u++) {
            List<Integer> mine = data.ofAnnotator.get(u);
            if (mine.isEmpty()) {
                continue;
            }
            double[] counts = new double[K];
            for (int s : mine) {
                addResponsibilities(params.mixedMix[u], own[s], counts);
            }
            int free = fitMixedMix(u, counts, batchMix);
            double[] logLik = new double[CLASSES];
            for (int c = 0; c < CLASSES; c++) {
                double[] classMix = params.classMix(c, u);
                if (classMix != null) {
                    for (int s : mine) {
                        logLik[c] += LogMath.logMix(classMix, own[s]);
                    }
                }
            }
            decide(u, logLik, free);
        }
    }

    /** Adds P(z | the signal) under the mixed class's mix to {@code counts}: what its next mix is fitted to. */
    static void addResponsibilities(double[] mixedMix, double[] own, double[] counts) {
        double[] r = LogMath.responsibilities(mixedMix, own);
        for (int z = 0; z < K; z++) {
            counts[z] += r[z];
        }
    }

    /**
     * The class posterior and the effective mix, from each possible class's log-likelihood of all
     * the annotator's signals ({@code logLik[c]}, summed over their signals; ignored where the class
     * is impossible) and the mixed class's free shares.
     */
    void decide(int u, double[] logLik, int free) {
        double[] logClass = new double[CLASSES];
        Arrays.fill(logClass, Double.NEGATIVE_INFINITY);
        for (int c = 0; c < CLASSES; c++) {
            if (params.classMix(c, u) != null) {
                logClass[c] = logClass(c, u, logLik[c], free);
            }
        }
        setClasses(u, logClass);
        params.mix[u] = effectiveMix(u);
    }

    /** The batch's mix: each type's share of the posteriors. */
    static double[] batchMix(double[] posteriorSums) {
        double[] batchMix = posteriorSums.clone();
        LogMath.normalize(batchMix);
        return batchMix;
    }

    private double[] batchMix() {
        double[] sums = new double[K];
        for (int s = 0; s < data.m; s++) {
            for (int z = 0; z < K; z++) {
                sums[z] += pairStep.posterior[s][z];
            }
        }
        return batchMix(sums);
    }

    /**
     * The mixed class's shares: one EM step from its own responsibilities ({@code counts}, summed
     * over the annotator's signals). Returns how many are free.
     */
    int fitMixedMix(int u, double[] counts, double[] batchMix) {
        int n = data.signalCounts[u];
        int free = 0;
        for (int z = 0; z < K; z++) {
            boolean possible = params.possible(z, u);
            params.mixedMix[u][z] = possible ? (counts[z] + MIX_PRIOR_STRENGTH * Math.max(batchMix[z], 1e-3))
                    / (n + MIX_PRIOR_STRENGTH) : 0;
            free += possible ? 1 : 0;
        }
        LogMath.normalize(params.mixedMix[u]);
        return free;
    }

    /** log P(class) + log P(the annotator's signals | class), less BIC's price for what the class fits. */
    private double logClass(int c, int u, double logLik, int free) {
        int n = data.signalCounts[u];
        double ll = logLik;
        if (c == MIXED) {
            ll -= 0.5 * (free - 1) * Math.log(Math.max(2, n));
        }
        if (c == G || c == C || c == MIXED) {
            // the slip rate is fitted to the annotator's own picks: BIC's price for it, so a
            // coin is not a preference (or a pattern) with a high slip rate for free
            ll -= 0.5 * Math.log(Math.max(2, data.choicesOf(u)));
        }
        if (c == C || (c == MIXED && params.mixedMix[u][C] > 0)) {
            ll -= pushPrior.penalty(u);
        }
        return ll + Math.log(c == MIXED ? MIXED_PRIOR : (1 - MIXED_PRIOR) / K);
    }

    private void setClasses(int u, double[] logClass) {
        double[] classes = params.classes[u];
        double max = Arrays.stream(logClass).max().orElse(0);
        double sum = 0;
        for (int c = 0; c < CLASSES; c++) {
            classes[c] = logClass[c] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(logClass[c] - max);
            sum += classes[c];
        }
        for (int c = 0; c < CLASSES; c++) {
            classes[c] /= sum;
        }
    }

    private double[] effectiveMix(int u) {
        double[] effective = new double[K];
        for (int c = 0; c < CLASSES; c++) {
            double[] classMix = params.classMix(c, u);
            if (classMix != null && params.classes[u][c] > 0) {
                for (int z = 0; z < K; z++) {
                    effective[z] += params.classes[u][c] * classMix[z];
                }
            }
        }
        LogMath.normalize(effective);
        return effective;
    }
}
