package dev.rewire.framework.spi;

import java.util.List;

/** A batch after scoring, as calibration checks see it. Immutable and thread safe. */
public record ScoredBatch(long index, List<ScoredSample> samples) {

    public ScoredBatch {
        samples = List.copyOf(samples);
    }
}
