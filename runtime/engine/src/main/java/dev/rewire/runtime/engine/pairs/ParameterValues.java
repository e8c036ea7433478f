package dev.rewire.runtime.engine.pairs;

import java.io.Serializable;

/**
 * A copy of what the {@link TypeModel}'s EM fits, as one iteration's driver sends it to the shards
 * of the signals: per annotator the effective and the mixed class's mix, P(class), slip rate,
 * habit strength and pushes; per type the tie rate. Not changed after it is made.
 */
public record ParameterValues(double[][] mix, double[][] mixedMix, double[][] classes, double[] slip, double[] habit,
                              int[][] push, double[] tieRate) implements Serializable {
}
