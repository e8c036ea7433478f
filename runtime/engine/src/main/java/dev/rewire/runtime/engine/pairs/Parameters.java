package dev.rewire.runtime.engine.pairs;

import static dev.rewire.runtime.engine.pairs.TypeModel.A;
import static dev.rewire.runtime.engine.pairs.TypeModel.C;
import static dev.rewire.runtime.engine.pairs.TypeModel.CLASSES;
import static dev.rewire.runtime.engine.pairs.TypeModel.K;
import static dev.rewire.runtime.engine.pairs.TypeModel.MIXED;
import static dev.rewire.runtime.engine.pairs.TypeModel.PURE_LEAK;

import java.util.Arrays;

/**
 * What the {@link TypeModel}'s EM fits, per annotator and per type, with its starting values:
 * every annotator mixed with an even mix, no pushes (so no one is constructed until a push is
 * fitted), slips at 10%, habits at 90%. The steps update the arrays in place; one fit's, not
 * thread safe.
 */
final class Parameters {

    private final ModelData data;
    /** Per annotator, the effective mix: the class posterior's average of the classes' mixes. */
    final double[][] mix;
    /** Per annotator, the mixed class's own mix. */
    final double[][] mixedMix;
    /** Per annotator, P(class): the pure types (index = type), then {@link TypeModel#MIXED}. */
    final double[][] classes;
    final double[] slip;
    final double[] habit;
    /** Per annotator, per framing: 0 none, else 1 + 2 cue + (1 if opposed). */
    final int[][] push;
    final double[] tieRate = {0.02, 0.02, 0.1, 0.05};

    Parameters(ModelData data) {
        this.data = data;
        int annotators = data.annotators;
        mix = new double[annotators][K];
        mixedMix = new double[annotators][K];
        classes = new double[annotators][CLASSES];
        for (int u = 0; u < annotators; u++) {
            Arrays.fill(mixedMix[u], 1.0 / K);
            Arrays.fill(classes[u], 0);
            classes[u][MIXED] = 1;
            mix[u] = mixedMix[u].clone();
            if (!data.habitPossible[u]) {
                mixedMix[u][A] = 0;
                LogMath.normalize(mixedMix[u]);
                mix[u] = mixedMix[u].clone();
            }
        }
        slip = new double[annotators];
        Arrays.fill(slip, 0.1);
        habit = new double[annotators];
        Arrays.fill(habit, 0.9);
        push = new int[annotators][data.framings];
    }

    /** The parameters as they stand, to be sent where a shard of the signals is. */
    ParameterValues values() {
        return new ParameterValues(deep(mix), deep(mixedMix), deep(classes), slip.clone(), habit.clone(), deep(push),
                tieRate.clone());
    }

    /** Takes the values a driver sent: the parameters of one iteration, for a shard's steps. */
    void set(ParameterValues v) {
        for (int u = 0; u < data.annotators; u++) {
            mix[u] = v.mix()[u].clone();
            mixedMix[u] = v.mixedMix()[u].clone();
            classes[u] = v.classes()[u].clone();
            push[u] = v.push()[u].clone();
        }
        System.arraycopy(v.slip(), 0, slip, 0, slip.length);
        System.arraycopy(v.habit(), 0, habit, 0, habit.length);
        System.arraycopy(v.tieRate(), 0, tieRate, 0, tieRate.length);
    }

    private static double[][] deep(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    private static int[][] deep(int[][] a) {
        int[][] out = new int[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    boolean hasPush(int u) {
        for (int p : push[u]) {
            if (p != 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether the annotator can be of the type at all: a habit needs a hypothesis, a construction a push. */
    boolean possible(int z, int u) {
        return (z != A || data.habitPossible[u]) && (z != C || hasPush(u));
    }

    /** A pure class's mix: its type with a small leak to the other possible types; null where impossible. */
    double[] pureMix(int type, int u) {
        if ((type == A && !data.habitPossible[u]) || (type == C && !hasPush(u))) {
            return null;
        }
        double[] out = new double[K];
        for (int z = 0; z < K; z++) {
            out[z] = z == type ? 1 : possible(z, u) ? PURE_LEAK : 0;
        }
        LogMath.normalize(out);
        return out;
    }

    /** The class's mix for the annotator: the mixed class's own, or a pure one's (null where impossible). */
    double[] classMix(int c, int u) {
        return c == MIXED ? mixedMix[u] : pureMix(c, u);
    }
}
