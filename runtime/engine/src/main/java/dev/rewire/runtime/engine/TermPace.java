package dev.rewire.runtime.engine;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Rate-aware quarantine: a term that stays within its deadline can still cost the run most of its
 * time. Per deployed service (term id, bundle, version) this keeps its own baseline cost a sample
 * (the cheapest of its first {@link #WARMUP} batches) and says why to quarantine it when, for
 * {@link #STRIKES} batches in a row, it
 * <ul>
 *   <li>ran over {@link #SLOWDOWN} times its baseline, over {@link #FLOOR_NANOS} a sample and over
 *       {@link #BATCH_FLOOR_NANOS} for the batch (a term that became slow: the batch floor keeps the
 *       fixed cost of a call on a tiny batch, a Python term's round trip or restart, an exception's
 *       traceback, from reading as a pace in serve's one-sample micro-batches), or</li>
 *   <li>failed on every sample it was given (a term that overflows its stack on every sample, say:
 *       all its work is thrown away, at whatever cost).</li>
 * </ul>
 * Thread safe (terms of one batch report from their own threads).
 */
final class TermPace {

    static final int WARMUP = 3;
    static final int STRIKES = 3;
    static final double SLOWDOWN = 20;
    static final long FLOOR_NANOS = 1_000_000;
    static final long BATCH_FLOOR_NANOS = 100_000_000;

    private static final class Pace {
        int batches;
        double baseline = Double.MAX_VALUE;
        int slowStrikes;
        int failStrikes;
    }

    private final Map<String, Pace> byService = new HashMap<>();

    /**
     * Records one batch of a service and returns why it should be quarantined now, or null.
     *
     * @param nanos     what the term's calls on the batch took
     * @param samples   how many samples it was given
     * @param allFailed every result was an error
     * @param error     one of the errors, when {@code allFailed}
     */
    synchronized String observe(String service, long nanos, int samples, boolean allFailed, String error) {
        if (samples == 0) {
            return null;
        }
        Pace p = byService.computeIfAbsent(service, k -> new Pace());
        double perSample = (double) nanos / samples;
        p.failStrikes = allFailed ? p.failStrikes + 1 : 0;
        if (p.failStrikes >= STRIKES) {
            p.failStrikes = 0;
            return String.format(Locale.ROOT, "failed on every sample of %d batches in a row, at %.2f ms a sample (%s)",
                    STRIKES, perSample / 1e6, error);
        }
        if (p.batches < WARMUP) {
            p.batches++;
            p.baseline = Math.min(p.baseline, perSample);
            return null;
        }
        boolean slow = perSample > SLOWDOWN * p.baseline && perSample > FLOOR_NANOS && nanos > BATCH_FLOOR_NANOS;
        p.slowStrikes = slow ? p.slowStrikes + 1 : 0;
        if (p.slowStrikes >= STRIKES) {
            p.slowStrikes = 0;
            return String.format(Locale.ROOT, "ran %.0fx slower than its own baseline (%.3f ms -> %.2f ms a sample) "
                    + "for %d batches in a row", perSample / p.baseline, p.baseline / 1e6, perSample / 1e6, STRIKES);
        }
        return null;
    }
}
