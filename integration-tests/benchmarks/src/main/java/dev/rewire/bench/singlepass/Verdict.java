package dev.rewire.bench.singlepass;

/** The annotation filters' verdict on a sample's judgments, most severe first. */
enum Verdict {
    ARTIFACT, NON_ATTITUDE, CONSTRUCTED, GENUINE;

    /** The more severe of two verdicts (null is none). */
    static Verdict worse(Verdict a, Verdict b) {
        return a == null ? b : b == null ? a : a.ordinal() <= b.ordinal() ? a : b;
    }
}
