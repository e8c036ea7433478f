package dev.rewire.runtime.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Wall time spent in each stage of the pipeline since start, so an operator (and a benchmark) can
 * see where a batch's time goes without a profiler. Thread safe: the pipeline adds, metrics read.
 */
public final class StageTimes {

    /** The stages of {@link BatchPipeline#process}, in order. */
    public enum Stage { JUDGE, DECIDE, EVALUATE, SCORE, ASSEMBLE, CHECK }

    private final AtomicLongArray nanos = new AtomicLongArray(Stage.values().length);

    /** Adds the time since {@code startNanos} to the stage; returns now, the next stage's start. */
    long lap(Stage stage, long startNanos) {
        long now = System.nanoTime();
        nanos.addAndGet(stage.ordinal(), now - startNanos);
        return now;
    }

    /** Seconds per stage, in pipeline order (names in lower case). */
    public Map<String, Double> seconds() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Stage s : Stage.values()) {
            out.put(s.name().toLowerCase(java.util.Locale.ROOT), nanos.get(s.ordinal()) / 1e9);
        }
        return out;
    }
}
