package dev.rewire.runtime.pipeline;

import java.time.Duration;

/**
 * How long a bundle call may take and how many scored samples a check window gathers.
 *
 * @param termTimeout the deadline of one term over one batch, and of one check over one window
 * @param checkWindow the fewest samples the checks measure at once (1: every batch on its own)
 */
public record PipelineLimits(Duration termTimeout, int checkWindow) {

    public static final Duration DEFAULT_TERM_TIMEOUT = Duration.ofSeconds(5);

    public PipelineLimits {
        if (termTimeout.isNegative() || termTimeout.isZero()) {
            throw new IllegalArgumentException("the term timeout must be positive, got " + termTimeout.toMillis() + " ms");
        }
    }
}
