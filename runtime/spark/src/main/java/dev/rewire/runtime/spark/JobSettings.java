package dev.rewire.runtime.spark;

import dev.rewire.framework.spi.Normalization;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.host.PipelineLimits;
import dev.rewire.runtime.host.RuntimeOptions;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The local command's host and scorer options, as a job ships them to its executors.
 *
 * @param normalization     advantage normalization within a group ({@code --normalize})
 * @param epsilon           added to a group's std ({@code --epsilon})
 * @param clipMin           rewards below are clipped ({@code --clip-min})
 * @param clipMax           rewards above are clipped ({@code --clip-max})
 * @param termTimeoutMillis one term's (and check's) deadline over a batch ({@code --term-timeout-ms})
 * @param minCheckSamples   a check grades only numbers resting on this many samples ({@code --min-check-samples})
 */
public record JobSettings(Normalization normalization, double epsilon, double clipMin, double clipMax,
                           long termTimeoutMillis, int minCheckSamples) implements Serializable {

    /** The local commands' defaults. */
    public static JobSettings defaults() {
        return new JobSettings(Normalization.MEAN_STD, 1e-6, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                PipelineLimits.DEFAULT_TERM_TIMEOUT.toMillis(), PipelineLimits.DEFAULT_MIN_CHECK_SAMPLES);
    }

    public JobSettings {
        new ScoringOptions(normalization, epsilon, clipMin, clipMax); // checks them where the job is submitted
        if (termTimeoutMillis < 1 || minCheckSamples < 1) {
            throw new IllegalArgumentException("--term-timeout-ms and --min-check-samples must be >= 1");
        }
    }

    /** The scorer's options. */
    ScoringOptions scoringOptions() {
        return new ScoringOptions(normalization, epsilon, clipMin, clipMax);
    }

    /** A host over an unpacked shipment: every batch checked on its own, as in {@code rewire score}. */
    RuntimeOptions runtimeOptions(Path home, boolean deploy) {
        return new RuntimeOptions(home, home.resolve("policy"), deploy ? home.resolve("deploy") : null,
                scoringOptions(), Duration.ofSeconds(1),
                new PipelineLimits(Duration.ofMillis(termTimeoutMillis), 1, minCheckSamples));
    }
}
