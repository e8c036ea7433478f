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
    UNDETERMINED
}
