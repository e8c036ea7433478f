package dev.rewire.framework.spi;

import java.util.Map;

/**
 * A check's result on one batch, window or whole run (every check's, not only calibration's).
 * Immutable and thread safe.
 *
 * @param checkId the check
 * @param status  PASS, WARN, FAIL or SKIPPED (the host may make a graded one INSUFFICIENT)
 * @param metrics the numbers behind the status (e.g. {@code ece}, {@code brier}, {@code n})
 * @param message one line a person can read
 * @param details tables behind the numbers (e.g. reliability bins, per-domain breakdowns), as
 *                JSON-ready maps, lists, strings and numbers; empty when there are none
 */
public record CheckResult(String checkId, CheckStatus status, Map<String, Double> metrics, String message,
                          Map<String, Object> details) {

    public CheckResult {
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
    }

    public CheckResult(String checkId, CheckStatus status, Map<String, Double> metrics, String message) {
        this(checkId, status, metrics, message, Map.of());
    }
}
