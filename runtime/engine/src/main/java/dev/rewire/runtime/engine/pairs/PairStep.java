package dev.rewire.runtime.engine.pairs;

import static dev.rewire.runtime.engine.pairs.TypeModel.K;
import static dev.rewire.runtime.engine.pairs.TypeModel.LOG_HALF;
import static dev.rewire.runtime.engine.pairs.TypeModel.MAX_LOG_BAYES_FACTOR;

import dev.rewire.runtime.engine.pairs.TypeModel.Signal;

/**
 * The pair-level E-step: the exact posterior over (t_p, z_s of each signal of p), given each
 * annotator's effective mix, and from it each signal's cavity (P(t) from the pair's other signals
 * only). Holds the results of the last step; one fit's, not thread safe.
 */
final class PairStep {

    private final ModelData data;
    private final Parameters params;
    private final double[][][] logLik;
    /** Per signal, P(type) given everything. */
    final double[][] posterior;
    /** Per signal, per type, per t: P(z, t). */
    final double[][][] joint;
    private final double[] logPairT; // per pair, per t: log P(t, all signals of p), flattened [2p + t]
    /** Per pair, P(a is the better response). */
    final double[] betterIsA;
    /** The cavity P(t = a) of each signal, as of the last pair step. */
    double[] cavity;

    PairStep(ModelData data, Parameters params, Likelihoods likelihoods) {
        this.data = data;
        this.params = params;
        this.logLik = likelihoods.logLik;
        posterior = new double[data.m][K];
        joint = new double[data.m][K][2];
        logPairT = new double[2 * data.pairs];
        betterIsA = new double[data.pairs];
    }

    void run() {
        for (int p = 0; p < data.pairs; p++) {
            pair(p);
        }
        cavity = new double[data.m];
        for (int s = 0; s < data.m; s++) {
            cavity[s] = computeCavityT(s)[0];
        }
    }

    private void pair(int p) {
        double[] logT = {LOG_HALF, LOG_HALF};
        for (int s : data.ofPair.get(p)) {
            double[] mixU = params.mix[data.signals.get(s).annotator()];
            for (int t = 0; t < 2; t++) {
                logT[t] += LogMath.logMarginal(mixU, logLik[s], t);
            }
        }
        logPairT[2 * p] = logT[0];
        logPairT[2 * p + 1] = logT[1];
        double[] pT = LogMath.softmax(logT);
        betterIsA[p] = pT[0];
        for (int s : data.ofPair.get(p)) {
            double[] mixU = params.mix[data.signals.get(s).annotator()];
            double[] next = new double[K];
            for (int t = 0; t < 2; t++) {
                double logM = LogMath.logMarginal(mixU, logLik[s], t);
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

    /**
     * Per signal, log P(its judgments | z) with t_p estimated from the pair's other signals
     * (the cavity: the signal's own term taken out of the pair's), so an annotator alone on a
     * pair is not judged against their own picks.
     */
    double[][] cavityLogLik() {
        double[][] out = new double[data.m][K];
        for (int s = 0; s < data.m; s++) {
            double[] pT = cavityT(s);
            for (int z = 0; z < K; z++) {
                double a = Math.log(pT[0]) + logLik[s][z][0];
                double b = Math.log(pT[1]) + logLik[s][z][1];
                out[s][z] = LogMath.logSumExp(a, b);
            }
        }
        return out;
    }

    double[] cavityT(int s) {
        return new double[] {cavity[s], 1 - cavity[s]};
    }

    /**
     * P(t) for the signal's pair from the pair's other signals (one half each where it has
     * none), with the mixes and likelihoods of the pair step just run.
     */
    private double[] computeCavityT(int s) {
        Signal sig = data.signals.get(s);
        double[] mixU = params.mix[sig.annotator()];
        double[] logT = new double[2];
        for (int t = 0; t < 2; t++) {
            double own = LogMath.logMarginal(mixU, logLik[s], t);
            logT[t] = own == Double.NEGATIVE_INFINITY ? LOG_HALF : logPairT[2 * sig.pair() + t] - own;
        }
        return LogMath.softmax(logT);
    }

    /**
     * Per signal, log10 of the likelihood ratio of its most probable type to the runner-up from
     * its own judgments (against the cavity's t), capped at {@link TypeModel#MAX_LOG_BAYES_FACTOR}.
     */
    double[] ownLogBayesFactors() {
        double[][] own = cavityLogLik();
        double[] out = new double[data.m];
        for (int s = 0; s < data.m; s++) {
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
