package dev.rewire.framework.spi;

import java.util.Map;

/**
 * Measures a scored batch (calibration, length bias, term health, U-Sophistry, ...): every check,
 * not only calibration ones, implements this.
 *
 * <p><b>Publishing and calls.</b> An OSGi service. {@code rewire score} calls {@link #check} once per
 * batch after scoring; {@code rewire serve} calls it on windows of served samples; {@code rewire
 * check} on each batch of a file. A report ({@code score --report}, {@code check}) then calls it once
 * more, last, on the whole run (or its bounded uniform sample): that call's batch has index
 * {@link ScoredBatch#WHOLE_RUN} ({@link ScoredBatch#isWholeRun()}). A shadow policy's pipeline
 * calls the same instance on the same batch index again, under its own rewards. Calls may come from
 * different threads: an implementation must be thread safe.
 *
 * <p><b>State.</b> A check may keep state between calls (the {@code sophistry} check measures its
 * baseline on the first batches); it belongs to this instance (a new bundle version or configuration
 * starts afresh), must be thread safe, and must be given by {@link #state} and taken back by
 * {@link #restore} so that a resumed run ({@code score --resume}) equals an uninterrupted one. The
 * whole-run call is no batch: a stateful check should not count it as one. A check without state
 * keeps the defaults.
 *
 * <p><b>Results.</b> The status becomes a {@code CheckOutcome} fact for the next batch's policy, so a
 * rule may reweight terms or block a batch on it. A check that lacks its inputs returns
 * {@link CheckStatus#SKIPPED} with the reason rather than grading. The host also grades the result:
 * PASS, WARN or FAIL resting on fewer samples than {@code --min-check-samples} (the result's
 * {@code n} metric, else the batch's size) becomes {@link CheckStatus#INSUFFICIENT}, metrics kept.
 *
 * <p><b>Failing.</b> A check that throws (an {@code Error} included) or returns null is recorded as
 * {@link CheckStatus#SKIPPED} for that batch, with no metrics and the error as the message (reported
 * once with its bundle and version); the policy sees that SKIPPED outcome, so no FAIL rule fires. One
 * that runs past the host's deadline ({@code --term-timeout-ms} per batch) is SKIPPED with {@code
 * timeout after N ms} and quarantined until its bundle is redeployed; past the whole-run deadline
 * ({@code --run-check-timeout-ms}) it is SKIPPED but not quarantined. A {@link #state} that throws is
 * not saved (reported); a {@link #restore} that throws leaves the check as it was, reported as a
 * state no check took. The other checks and the pipeline go on.
 *
 * <p><b>Reports.</b> {@link #reportPlan} declares what a report charts and compares for this check.
 */
public interface BatchCheck {

    /** The stable id, e.g. {@code calibration}. */
    String id();

    /**
     * Checks one batch, window or whole run ({@link ScoredBatch#isWholeRun()}); returns
     * {@link CheckStatus#SKIPPED} when the batch lacks the inputs.
     */
    CheckResult check(ScoredBatch batch);

    /**
     * What a report charts and compares for this check: metric keys, labels, which way each is
     * better, the grading lines this instance uses, regressions against a baseline, breakdowns and
     * tables in its details. The host's report pages read only this, never a check's name. Called
     * when a report is made, from any thread; the default charts nothing.
     *
     * @since 1.2
     */
    default ReportPlan reportPlan() {
        return ReportPlan.NONE;
    }

    /**
     * What a check that keeps state between calls (a baseline measured on the first batches) needs
     * to go on exactly where it stood: {@code rewire score} saves it with each checkpoint and gives
     * it back through {@link #restore} when {@code --resume} continues a killed run, so the resumed
     * run's results equal an uninterrupted run's. Numbers only (each written exactly as JSON).
     * Called between two {@link #check} calls, never during one.
     *
     * @return the state; empty for a check without state (the default)
     * @since 1.1
     */
    default Map<String, Double> state() {
        return Map.of();
    }

    /**
     * Goes on from a {@link #state} this check's bundle saved, before the first {@link #check} of a
     * resumed run. The default ignores it (a check without state).
     *
     * @since 1.1
     */
    default void restore(Map<String, Double> state) {
    }
}
