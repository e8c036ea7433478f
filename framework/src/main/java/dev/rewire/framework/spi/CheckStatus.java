package dev.rewire.framework.spi;

/** A check's status on what it measured: a batch, a window of served samples or a whole run. */
public enum CheckStatus {
    PASS,
    WARN,
    FAIL,
    /**
     * The batch did not carry what the check needs (e.g. no confidences); also what the host
     * records for a check that threw or ran past its deadline, with the reason as the message.
     */
    SKIPPED,
    /**
     * Measured but not graded: fewer samples than the host's minimum ({@code --min-check-samples})
     * stood behind the numbers, too few for PASS/WARN/FAIL to mean anything (a 3-sample tail batch
     * shows any ECE by chance). The metrics are kept; policy rules on FAIL do not fire.
     */
    INSUFFICIENT;

    /**
     * The one order in which statuses outrank each other, most severe first: FAIL, WARN, PASS,
     * INSUFFICIENT, SKIPPED (a status that graded something outranks one that did not). A report's
     * worst status of a window, the {@code rewire_check_status} gauge and the shadow policy's
     * comparison all use it.
     *
     * @since 1.2
     */
    public static final java.util.Comparator<CheckStatus> MOST_SEVERE_FIRST =
            java.util.Comparator.comparingInt(CheckStatus::severity).reversed();

    /**
     * This status's rank in {@link #MOST_SEVERE_FIRST}: 2 FAIL, 1 WARN, 0 PASS for the graded ones
     * (so an alert compares with {@code >= 2}), -1 INSUFFICIENT, -2 SKIPPED.
     *
     * @since 1.2
     */
    public int severity() {
        return switch (this) {
            case FAIL -> 2;
            case WARN -> 1;
            case PASS -> 0;
            case INSUFFICIENT -> -1;
            case SKIPPED -> -2;
        };
    }

    /**
     * True for PASS, WARN and FAIL: the check graded what it measured. Only graded statuses compare
     * as better or worse; INSUFFICIENT and SKIPPED say nothing about quality.
     *
     * @since 1.2
     */
    public boolean graded() {
        return severity() >= 0;
    }
}
