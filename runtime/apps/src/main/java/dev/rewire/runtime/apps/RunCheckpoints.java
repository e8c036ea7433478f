package dev.rewire.runtime.apps;

import dev.rewire.runtime.engine.BatchPipeline;
import dev.rewire.runtime.engine.Checkpoint;
import dev.rewire.runtime.io.DuplicateIds;
import dev.rewire.runtime.io.RejectSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@link Checkpoint}s of one {@link ScoreRun} beside its output: when one is due, what it holds,
 * saving it (rejects first), and removing it once the run has finished. Taken on the run's thread;
 * saved there or on the writer's thread once the batch before it is written.
 */
final class RunCheckpoints {

    /**
     * A checkpoint costs a file write and two fsyncs; one a second bounds what a killed run replays
     * to a second's work (a resumed run truncates the output to the checkpoint, so nothing is written
     * twice). {@code -Drewire.checkpoint.interval.ms=MS} sets another interval (0: after every batch).
     */
    private static final long CHECKPOINT_INTERVAL_NANOS =
            Math.max(0, Long.getLong("rewire.checkpoint.interval.ms", 1000)) * 1_000_000L;

    private final Path output;
    private final String inputName;
    private final BatchPipeline pipeline;
    /** When the last checkpoint was taken (the pipeline thread's). */
    private long lastCheckpointNanos;

    /**
     * @param output    the run's output; the checkpoint is saved beside it
     * @param inputName the input as the checkpoint names it
     * @param pipeline  the pipeline whose state a checkpoint holds
     */
    RunCheckpoints(Path output, String inputName, BatchPipeline pipeline) {
        this.output = output;
        this.inputName = inputName;
        this.pipeline = pipeline;
    }

    /** Whether the interval since the last checkpoint has passed. */
    boolean due() {
        return System.nanoTime() - lastCheckpointNanos >= CHECKPOINT_INTERVAL_NANOS;
    }

    /** A checkpoint taken now, between a batch and the next, its output length left for when that batch is written. */
    Checkpoint takeBetweenBatches(RunState c, DuplicateIds duplicates) {
        lastCheckpointNanos = System.nanoTime();
        return take(c, duplicates, -1);
    }

    /**
     * Where the run stands between two batches (the pipeline thread's): every line before the first
     * sample still waiting for its batch is accounted for; the pipeline's state and the remembered
     * ids as of that line.
     *
     * @param outputBytes the output's length then, or -1 when the writer has yet to write the last batch
     */
    Checkpoint take(RunState c, DuplicateIds duplicates, long outputBytes) {
        RunState.PendingLine first = c.pending.isEmpty() ? null : c.pending.values().iterator().next();
        long accounted = first == null ? c.lastLine : first.line() - 1;
        long readThrough = first == null ? c.in : first.readThrough() - 1;
        return new Checkpoint(inputName, accounted, outputBytes, readThrough, c.out, c.nextBatch, pipeline.state(),
                duplicates.through(accounted));
    }

    /**
     * Saves a checkpoint (the writer thread, or the run's while the writer waits); the rejects go to
     * disk first, since it counts their lines as accounted for.
     */
    void save(Checkpoint checkpoint, RejectSink rejects) {
        rejects.flush();
        try {
            Checkpoint.force(rejects.file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write rejects to " + rejects.file() + ": " + e.getMessage(), e);
        }
        checkpoint.save(output);
    }

    /** Saves where the run stands now, the output's length as it is (every batch submitted so far written). */
    void saveNow(RunState c, DuplicateIds duplicates, RejectSink rejects) {
        save(take(c, duplicates, outputSize()), rejects);
    }

    /**
     * Once the run has ended: a blocked run keeps a checkpoint at its last written batch (it can be
     * resumed once the policy changes); a run that read its input to the end needs none.
     */
    void finish(RunState c, DuplicateIds duplicates, RejectSink rejects) {
        if (c.blockedBy != null) {
            // blocked: the run can be resumed from its last written batch once the policy changes
            saveNow(c, duplicates, rejects);
        }
        if (c.ended && c.blockedBy == null) {
            try {
                Checkpoint.remove(output);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the checkpoint of a finished run: " + e.getMessage(), e);
            }
        }
    }

    /** The output's length now (every batch submitted so far written). */
    long outputSize() {
        try {
            return Files.size(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + output + ": " + e.getMessage(), e);
        }
    }
}
