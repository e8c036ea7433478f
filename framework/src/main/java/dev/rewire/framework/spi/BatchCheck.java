package dev.rewire.framework.spi;

import java.util.Map;

/**
 * Measures a scored batch (calibration, length bias, term health, U-Sophistry, ...): every check,
 * not only calibration ones, implements this.
 *
 * <p><b>Publishing and calls.</b> An OSGi service. {@code rewire score} calls {@link #check} once per
 * batch after scoring; {@code rewire serve} calls it on windows of served samples; {@code rewire
 * check} on each batch of a file and on the whole run. Calls may come from different threads: an
 * implementation must be thread safe and should keep no state between calls.
 *
 * <p><b>Results.</b> The status becomes a {@code CheckOutcome} fact for the next batch's policy, so a
 * rule may reweight terms or block a batch on it. A check that lacks its inputs returns
 * {@link CheckStatus#SKIPPED} with the reason rather than grading. One that throws gives no outcome
 * for that batch (logged with its bundle); one that runs past the host's deadline is also
 * quarantined until its bundle is redeployed. The pipeline goes on.
 */
public interface BatchCheck {

    /** The stable id, e.g. {@code calibration}. */
    String id();

    /** Checks one batch; returns {@link CheckStatus#SKIPPED} when the batch lacks the inputs. */
    CheckResult check(ScoredBatch batch);

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
