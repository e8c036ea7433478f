package dev.rewire.runtime.engine.shadow;

import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.CheckStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Counts, batch after batch, the checks the candidate grades worse or better than the live policy,
 * and logs each worse one. Used by the one thread that compares batches.
 */
final class CheckComparison {

    private final Consumer<String> log;
    private long worse;
    private long better;

    CheckComparison(Consumer<String> log) {
        this.log = log;
    }

    /**
     * A check is worse when the candidate's status is more severe than the live one's
     * ({@link CheckStatus#MOST_SEVERE_FIRST}); only graded statuses (PASS, WARN, FAIL) compare.
     */
    void compare(long batchIndex, List<CheckResult> liveChecks, List<CheckResult> shadowChecks) {
        Map<String, CheckStatus> liveStatus = new HashMap<>();
        liveChecks.forEach(c -> liveStatus.put(c.checkId(), c.status()));
        for (CheckResult c : shadowChecks) {
            CheckStatus l = liveStatus.get(c.checkId());
            int cmp = l == null ? 0 : worse(l, c.status());
            if (cmp > 0) {
                worse++;
                log.accept("shadow: batch " + batchIndex + ": check " + c.checkId() + " " + c.status()
                        + " under the candidate, " + l + " live: " + c.message());
            } else if (cmp < 0) {
                better++;
            }
        }
    }

    /** Checks graded worse under the candidate so far. */
    long worse() {
        return worse;
    }

    /** Checks graded better under the candidate so far. */
    long better() {
        return better;
    }

    /**
     * 1 when the candidate's status is more severe than the live one's, -1 when less, 0 when alike or
     * when either graded nothing (INSUFFICIENT, SKIPPED: a status that measured too few samples says
     * nothing of the policy).
     */
    static int worse(CheckStatus live, CheckStatus candidate) {
        if (!live.graded() || !candidate.graded()) {
            return 0;
        }
        return Integer.compare(candidate.severity(), live.severity());
    }
}
