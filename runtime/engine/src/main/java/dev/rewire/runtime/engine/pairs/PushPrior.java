package dev.rewire.runtime.engine.pairs;

import static dev.rewire.runtime.engine.pairs.TypeModel.C;
import static dev.rewire.runtime.engine.pairs.TypeModel.MIXED;
import static dev.rewire.runtime.engine.pairs.TypeModel.PUSH_PRIOR_STRENGTH;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The constructed annotators' pushes, pooled (a latent class's): per push pattern, the weight of
 * the annotators found constructed with it. A pattern many constructed annotators share costs
 * little; one no one else shows costs more, so a coin with few items does not buy a pattern of
 * its own to explain its chance picks. Pooled once per M-step; one fit's, not thread safe.
 */
final class PushPrior {

    private final ModelData data;
    private final Parameters params;
    private final Map<String, Double> pushCounts = new HashMap<>();
    private double pushTotal;

    PushPrior(ModelData data, Parameters params) {
        this.data = data;
        this.params = params;
    }

    /** What the annotator's fitted pushes cost. */
    double penalty(int u) {
        return cost(u, params.push[u]);
    }

    /**
     * -log P(pattern) under the pooled patterns: (weight of the constructed annotators with it
     * + PUSH_PRIOR_STRENGTH / the patterns possible) / (their total weight + PUSH_PRIOR_STRENGTH).
     * No push at all costs nothing: it is not a constructed annotator's pattern.
     */
    double cost(int u, int[] pushes) {
        boolean any = false;
        for (int p : pushes) {
            any |= p != 0;
        }
        if (!any) {
            return 0;
        }
        int present = data.present(u).size();
        double patterns = Math.pow(data.options, present) - data.options; // less the habits (and none)
        double count = pushCounts.getOrDefault(Arrays.toString(pushes), 0.0);
        return -Math.log((count + PUSH_PRIOR_STRENGTH / Math.max(1, patterns)) / (pushTotal + PUSH_PRIOR_STRENGTH));
    }

    /** Pools the constructed annotators' push patterns, each weighted by P(constructed). */
    void pool() {
        pushCounts.clear();
        pushTotal = 0;
        for (int u = 0; u < data.annotators; u++) {
            double constructed = params.classes[u][C] + params.classes[u][MIXED] * params.mixedMix[u][C];
            if (constructed > 0 && params.hasPush(u)) {
                pushCounts.merge(Arrays.toString(params.push[u]), constructed, Double::sum);
                pushTotal += constructed;
            }
        }
    }
}
