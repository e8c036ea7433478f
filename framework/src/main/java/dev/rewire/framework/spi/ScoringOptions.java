package dev.rewire.framework.spi;

/**
 * How the scorer turns term values into rewards and advantages.
 *
 * @param normalization group normalization of advantages
 * @param epsilon       added to the group std under {@link Normalization#MEAN_STD}
 * @param clipMin       rewards below are clipped to it (before normalization); -inf for none
 * @param clipMax       rewards above are clipped to it; +inf for none
 */
public record ScoringOptions(Normalization normalization, double epsilon, double clipMin, double clipMax) {

    public static final ScoringOptions DEFAULT =
            new ScoringOptions(Normalization.MEAN_STD, 1e-6, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    public ScoringOptions {
        if (normalization == null) {
            throw new IllegalArgumentException("normalization is required");
        }
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilon);
        }
        if (!(clipMin <= clipMax)) {
            throw new IllegalArgumentException("clip range is empty: [" + clipMin + ", " + clipMax + "]");
        }
    }
}
