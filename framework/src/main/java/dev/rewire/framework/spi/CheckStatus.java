package dev.rewire.framework.spi;

/** Outcome of a calibration check on one batch. */
public enum CheckStatus {
    PASS,
    WARN,
    FAIL,
    /** The batch did not carry what the check needs (e.g. no confidences). */
    SKIPPED
}
