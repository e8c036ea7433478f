package dev.rewire.runtime.apps;

import dev.rewire.framework.record.Batch;
import dev.rewire.runtime.engine.BatchResult;
import dev.rewire.runtime.engine.Checkpoint;
import dev.rewire.runtime.io.DecodedLine;
import dev.rewire.runtime.io.RejectSink;
import java.util.LinkedHashMap;

/**
 * Where one {@link ScoreRun} stands: what it read and wrote, the valid samples still waiting for
 * their batch, and how reading ended. The pipeline thread's (the run's), read by a checkpoint taken
 * on it.
 */
final class RunState {

    /**
     * A valid sample read but not yet written: its line number, the count of lines read through it,
     * and its text (for the rejects file, should the policy throw on it alone).
     */
    record PendingLine(long line, long readThrough, String raw) {
    }

    /** Valid samples read but not yet written, by id. */
    final LinkedHashMap<String, PendingLine> pending = new LinkedHashMap<>();
    long lastLine;
    /** The index of the batch after the last one written. */
    long nextBatch;
    long in;
    long out;
    long batches;
    String device;
    String blockedBy;
    /** Whether the input was read to its end. */
    boolean ended;
    /** Why reading the input stopped early, or null. */
    RuntimeException readFailure;

    /** A run resumed from a checkpoint starts with its counts. */
    static RunState resumedFrom(Checkpoint from) {
        RunState c = new RunState();
        c.in = from.recordsIn();
        c.out = from.recordsOut();
        c.lastLine = from.lines();
        c.nextBatch = from.nextBatch();
        return c;
    }

    /**
     * A batch was scored and not blocked: its records count as written, its poisoned samples are
     * rejected with their lines, and none of its samples waits any more.
     */
    void scored(Batch batch, BatchResult result, RejectSink rejects) {
        out += result.records().size();
        for (BatchResult.Poisoned p : result.poisoned()) {
            PendingLine at = pending.get(p.sample().id());
            rejects.reject(new DecodedLine<>(at.line(), at.raw(), null, p.sample().id(), p.reason()));
        }
        for (var s : batch.samples()) {
            pending.remove(s.id());
        }
        nextBatch = batch.index() + 1;
    }
}
