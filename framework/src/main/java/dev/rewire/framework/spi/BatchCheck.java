package dev.rewire.framework.spi;

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
}
