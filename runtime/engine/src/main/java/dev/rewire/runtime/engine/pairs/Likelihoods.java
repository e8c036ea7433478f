package dev.rewire.runtime.engine.pairs;

import static dev.rewire.runtime.engine.pairs.TypeModel.A;
import static dev.rewire.runtime.engine.pairs.TypeModel.C;
import static dev.rewire.runtime.engine.pairs.TypeModel.G;
import static dev.rewire.runtime.engine.pairs.TypeModel.K;
import static dev.rewire.runtime.engine.pairs.TypeModel.LOG_HALF;
import static dev.rewire.runtime.engine.pairs.TypeModel.N;

import dev.rewire.runtime.engine.pairs.TypeModel.Signal;

/**
 * Per signal, per type z, per better response t: log P(the signal's judgments | z, t) under the
 * current parameters, ties included. Recomputed in place at each iteration; one fit's.
 */
final class Likelihoods {

    private final ModelData data;
    private final Parameters params;
    /** [signal][type][t]. */
    final double[][][] logLik;

    Likelihoods(ModelData data, Parameters params) {
        this.data = data;
        this.params = params;
        this.logLik = new double[data.m][K][2];
    }

    void compute() {
        double[] logTie = new double[K];
        double[] logChoice = new double[K];
        for (int z = 0; z < K; z++) {
            logTie[z] = Math.log(params.tieRate[z]);
            logChoice[z] = Math.log1p(-params.tieRate[z]);
        }
        for (int s = 0; s < data.m; s++) {
            for (int t = 0; t < 2; t++) {
                compute(s, t, logTie, logChoice);
            }
        }
    }

    private void compute(int s, int t, double[] logTie, double[] logChoice) {
        Signal sig = data.signals.get(s);
        int u = sig.annotator();
        int n = sig.picks().length;
        double right = Math.log1p(-params.slip[u]);
        double wrong = Math.log(params.slip[u]);
        int[] push = params.push[u];
        double g = 0;
        double c = 0;
        for (int j = 0; j < n; j++) {
            int y = sig.picks()[j];
            g += y == t ? right : wrong;
            int target = TypeModel.target(push[sig.framing()[j]], sig.cues(), j);
            c += y == (target < 0 ? t : target) ? right : wrong;
        }
        double ties = sig.ties();
        double[][] at = logLik[s];
        at[G][t] = g + ties * logTie[G] + n * logChoice[G];
        at[C][t] = params.hasPush(u) ? c + ties * logTie[C] + n * logChoice[C] : Double.NEGATIVE_INFINITY;
        at[N][t] = n * LOG_HALF + ties * logTie[N] + n * logChoice[N];
        at[A][t] = data.habitPossible[u] && sig.artifact() != null
                ? habitLogLik(sig, u) + ties * logTie[A] + n * logChoice[A] : Double.NEGATIVE_INFINITY;
    }

    /** log P(picks | a habit of the annotator's strength), a coin where the hypothesis names no side. */
    private double habitLogLik(Signal sig, int u) {
        double a = 0;
        for (int j = 0; j < sig.picks().length; j++) {
            int predicted = sig.artifact()[j];
            a += predicted < 0 ? LOG_HALF
                    : sig.picks()[j] == predicted ? Math.log(params.habit[u]) : Math.log1p(-params.habit[u]);
        }
        return a;
    }
}
