package dev.rewire.framework.spi;

/** Outcome of a calibration check on one batch. */
public enum CheckStatus {
    PASS,
    WARN,
    FAIL,
    /** The batch did not carry what the check needs (e.g. no confidences). */
    SKIPPED,
    /**
     * Measured but not graded: fewer samples than the host's minimum ({@code --min-check-samples})
     * stood behind the numbers, too few for PASS/WARN/FAIL to mean anything (a 3-sample tail batch
     * shows any ECE by chance). The metrics are kept; policy rules on FAIL do not fire.
     */
    INSUFFICIENT
}
