package dev.rewire.runtime.engine.pairs;

import static dev.rewire.runtime.engine.pairs.TypeModel.C;
import static dev.rewire.runtime.engine.pairs.TypeModel.G;

import dev.rewire.runtime.engine.pairs.TypeModel.Signal;

/**
 * The posterior as a fit reports it: the part of a signal's CONSTRUCTED posterior under which its
 * pick does not depend on the framing (every framing's push names t for every judgment as shown)
 * is reported GENUINE, since a preference the framing does not move is genuine. Stateless.
 */
final class ReportedPosterior {

    private ReportedPosterior() {
    }

    static double[][] of(ModelData data, Parameters params, PairStep pairStep) {
        double[][] reported = new double[data.m][];
        for (int s = 0; s < data.m; s++) {
            reported[s] = pairStep.posterior[s].clone();
            Signal sig = data.signals.get(s);
            for (int t = 0; t < 2; t++) {
                if (!shifts(data, params.push[sig.annotator()], sig, t)) {
                    reported[s][C] -= pairStep.joint[s][C][t];
                    reported[s][G] += pairStep.joint[s][C][t];
                }
            }
            reported[s][C] = Math.max(0, reported[s][C]);
        }
        return reported;
    }

    /**
     * Whether the signal's picks depend on the framing, for this t: on some choice, the
     * annotator's push under its framing names a side other than t, or their pushes under two
     * framings they saw name different sides for the same presentation (a pick that follows
     * "first impression" and "second look" to the same response after the order was swapped
     * still depends on the framing: shown the other way, it would have changed).
     */
    private static boolean shifts(ModelData data, int[] pu, Signal sig, int t) {
        int u = sig.annotator();
        for (int j = 0; j < sig.picks().length; j++) {
            int own = TypeModel.target(pu[sig.framing()[j]], sig.cues(), j);
            if (own >= 0 && own != t) {
                return true;
            }
            int side = own < 0 ? t : own;
            for (int f = 0; f < data.framings; f++) {
                if (data.seen[u][f]) {
                    int other = TypeModel.target(pu[f], sig.cues(), j);
                    if ((other < 0 ? t : other) != side) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
