package dev.rewire.framework.spi;

import java.util.List;

/**
 * What a check measures: a batch after scoring, a window of served samples, or a whole run.
 * Immutable and thread safe.
 *
 * @param index   the batch's index (0 for the first batch of a run; in {@code rewire serve} the
 *                batch that completed the window), or {@link #WHOLE_RUN} for the whole-run call
 * @param samples the scored samples
 */
public record ScoredBatch(long index, List<ScoredSample> samples) {

    /**
     * The index of the whole-run call: after the last batch, a report ({@code rewire score --report},
     * {@code rewire check}) calls every check once more on the whole run (or its uniform sample,
     * bounded in size) for the run's totals. It is no batch: a check that keeps state across batches
     * (a baseline) should not count it as one. Always the last call of a run.
     *
     * @since 1.2
     */
    public static final long WHOLE_RUN = -1;

    public ScoredBatch {
        samples = List.copyOf(samples);
    }

    /**
     * The whole-run call's input (see {@link #WHOLE_RUN}).
     *
     * @since 1.2
     */
    public static ScoredBatch ofWholeRun(List<ScoredSample> samples) {
        return new ScoredBatch(WHOLE_RUN, samples);
    }

    /**
     * True for the whole-run call, false for a batch or a window.
     *
     * @since 1.2
     */
    public boolean isWholeRun() {
        return index == WHOLE_RUN;
    }
}
