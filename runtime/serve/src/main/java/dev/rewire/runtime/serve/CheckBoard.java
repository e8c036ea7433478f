package dev.rewire.runtime.serve;

import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The latest result of every check over the served windows, for {@code /metrics}
 * ({@code rewire_check_value{check,metric}}, {@code rewire_check_status{check}}), {@code /ready} and
 * {@code /stats}; a status change is logged with the check's message, so a gate that is about to
 * close shows before it answers 503. Thread safe.
 */
final class CheckBoard {

    /** A check's latest window: its result and the batch that completed the window. */
    record Latest(CheckResult result, long batch, long windows) {
    }

    private final Consumer<String> log;
    private final Map<String, Latest> latest = new TreeMap<>();

    CheckBoard(Consumer<String> log) {
        this.log = log;
    }

    /** The results of a window the checks just measured (empty when the batch did not complete one). */
    void update(long batch, List<CheckResult> results) {
        for (CheckResult r : results) {
            Latest before;
            synchronized (this) {
                before = latest.get(r.checkId());
                latest.put(r.checkId(), new Latest(r, batch, before == null ? 1 : before.windows() + 1));
            }
            if (before == null || before.result().status() != r.status()) {
                log.accept("serve: check " + r.checkId() + " " + (before == null ? "" : before.result().status() + " -> ")
                        + r.status() + " (window ending at batch " + batch + "): " + r.message());
            }
        }
    }

    synchronized Map<String, Latest> latest() {
        return new LinkedHashMap<>(latest);
    }

    /**
     * The number {@code rewire_check_status} carries: 0 PASS, 1 WARN, 2 FAIL (ordered by severity,
     * so alerts compare with {@code >= 2}); -1 INSUFFICIENT (measured, not graded), -2 SKIPPED.
     */
    static int code(CheckStatus status) {
        return switch (status) {
            case PASS -> 0;
            case WARN -> 1;
            case FAIL -> 2;
            case INSUFFICIENT -> -1;
            case SKIPPED -> -2;
        };
    }

    /** For {@code /ready} and {@code /stats}: per check its status, numbers, message and window. */
    Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        latest().forEach((check, l) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("status", l.result().status().name());
            Map<String, Double> finite = new LinkedHashMap<>();
            l.result().metrics().forEach((k, v) -> finite.put(k, v != null && Double.isFinite(v) ? v : null));
            c.put("metrics", finite);
            c.put("message", l.result().message());
            c.put("batch", l.batch());
            c.put("windows", l.windows());
            out.put(check, c);
        });
        return out;
    }
}
