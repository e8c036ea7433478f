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
            int free = fitMixedMix(u, mine, own, batchMix);
            double[] logClass = new double[CLASSES];
            Arrays.fill(logClass, Double.NEGATIVE_INFINITY);
            for (int c = 0; c < CLASSES; c++) {
                double[] classMix = params.classMix(c, u);
                if (classMix != null) {
                    logClass[c] = logClass(c, u, mine, own, classMix, free);
                }
            }
            setClasses(u, logClass);
            params.mix[u] = effectiveMix(u);
        }
    }

    private double[] batchMix() {
        double[] batchMix = new double[K];
        for (int s = 0; s < data.m; s++) {
            for (int z = 0; z < K; z++) {
                batchMix[z] += pairStep.posterior[s][z];
            }
        }
        LogMath.normalize(batchMix);
        return batchMix;
    }

    /** The mixed class's shares: one EM step from its own responsibilities. Returns how many are free. */
    private int fitMixedMix(int u, List<Integer> mine, double[][] own, double[] batchMix) {
        int n = mine.size();
        double[] counts = new double[K];
        for (int s : mine) {
            double[] r = LogMath.responsibilities(params.mixedMix[u], own[s]);
            for (int z = 0; z < K; z++) {
                counts[z] += r[z];
            }
        }
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
    private double logClass(int c, int u, List<Integer> mine, double[][] own, double[] classMix, int free) {
        int n = mine.size();
        double ll = 0;
        for (int s : mine) {
            ll += LogMath.logMix(classMix, own[s]);
        }
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
