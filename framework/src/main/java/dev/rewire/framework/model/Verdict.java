package dev.rewire.framework.model;

/**
 * What kind of preference signal a set of judgments is (Ghafouri et al. 2026): only
 * {@link #GENUINE} preferences are stable across equivalent measurement conditions.
 */
public enum Verdict {
    /** Stable across repeats, orders and framings. */
    GENUINE,
    /** Built on the spot: shifts systematically with framing. */
    CONSTRUCTED,
    /** No held opinion: flips at chance when asked again. */
    NON_ATTITUDE,
    /** Produced by the measurement itself: position bias, speeding, straight-lining. */
    ARTIFACT,
    /**
     * The design cannot tell the types apart for this signal (e.g. one judgment with nothing to
     * compare it to): its posterior is spread over several types. A verdict of its own, so that
     * nothing defaults to GENUINE for want of evidence.
     */
    UNDETERMINED;

    /**
     * The one order in which verdicts outrank each other, most severe first: where evidence or
     * signals disagree, the more severe kind is the one to act on. ARTIFACT (the measurement
     * failed), NON_ATTITUDE (no opinion held), CONSTRUCTED (an opinion made by the framing),
     * UNDETERMINED (the design cannot tell), GENUINE (nothing wrong found). Everything in Rewire
     * that ranks verdicts (combining filters' evidence per sample, a pair's dominant verdict)
     * uses this order.
     *
     * @since model 1.1
     */
    public static final java.util.Comparator<Verdict> MOST_SEVERE_FIRST =
            java.util.Comparator.comparingInt(Verdict::severity).reversed();

    /**
     * This verdict's rank in {@link #MOST_SEVERE_FIRST}: 4 for ARTIFACT down to 0 for GENUINE.
     *
     * @since model 1.1
     */
    public int severity() {
        return switch (this) {
            case ARTIFACT -> 4;
            case NON_ATTITUDE -> 3;
            case CONSTRUCTED -> 2;
            case UNDETERMINED -> 1;
            case GENUINE -> 0;
        };
    }

    /**
     * The more severe of two verdicts; {@code a} when they rank alike (they are then equal).
     *
     * @since model 1.1
     */
    public static Verdict moreSevere(Verdict a, Verdict b) {
        return b.severity() > a.severity() ? b : a;
    }
}
