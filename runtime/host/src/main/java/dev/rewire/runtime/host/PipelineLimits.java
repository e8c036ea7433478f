package dev.rewire.runtime.host;

import java.time.Duration;

/**
 * How long a bundle call may take and how many scored samples a check window gathers.
 *
 * @param termTimeout the deadline of one term over one batch, and of one check over one window
 * @param checkWindow the fewest samples the checks measure at once (1: every batch on its own)
 * @param minCheckSamples the fewest samples behind a check's numbers for it to grade them; below,
 *                    its result is {@link dev.rewire.framework.spi.CheckStatus#INSUFFICIENT}
 */
public record PipelineLimits(Duration termTimeout, int checkWindow, int minCheckSamples) {

    public static final Duration DEFAULT_TERM_TIMEOUT = Duration.ofSeconds(5);
    /**
     * At n = 30 a calibrated model's ECE exceeds 0.2 (the calibration check's FAIL) by chance in
     * well under 1% of batches at common confidences; at n = 3 it does on most confident misses.
     */
    public static final int DEFAULT_MIN_CHECK_SAMPLES = 30;

    public PipelineLimits {
        if (minCheckSamples < 1) {
            throw new IllegalArgumentException("a check grades at least 1 sample, got a minimum of " + minCheckSamples);
        }
        if (termTimeout.isNegative() || termTimeout.isZero()) {
            throw new IllegalArgumentException("the term timeout must be positive, got " + termTimeout.toMillis() + " ms");
        }
    }
}
