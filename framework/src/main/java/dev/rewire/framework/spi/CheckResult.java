package dev.rewire.framework.spi;

import java.util.Map;

/**
 * A calibration check's verdict on one batch. Immutable and thread safe.
 *
 * @param checkId the check
 * @param status  PASS, WARN, FAIL or SKIPPED
 * @param metrics the numbers behind the status (e.g. {@code ece}, {@code brier}, {@code n})
 * @param message one line a person can read
 */
public record CheckResult(String checkId, CheckStatus status, Map<String, Double> metrics, String message) {

    public CheckResult {
        metrics = Map.copyOf(metrics);
    }
}
