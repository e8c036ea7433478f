package dev.rewire.runtime.apps;

import dev.rewire.runtime.engine.BatchPipeline;
import dev.rewire.runtime.engine.BatchResult;
import dev.rewire.runtime.engine.Batcher;
import dev.rewire.runtime.engine.Checkpoint;
import dev.rewire.runtime.engine.RunSummary;
import dev.rewire.runtime.io.BatchWriter;
import dev.rewire.runtime.io.DecodedLine;
import dev.rewire.runtime.io.DecodingReader;
import dev.rewire.runtime.io.DuplicateIds;
import dev.rewire.runtime.io.Progress;
import dev.rewire.runtime.io.RecordEncoder;
import dev.rewire.runtime.io.RejectSink;

import dev.rewire.framework.json.SampleCodec;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.Batch;
import dev.rewire.runtime.pages.ReportCollector;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams one input through the pipeline: read, reject or batch, score, write. Output is flushed
 * after every batch so a consumer reading a pipe sees records as they are scored; when the input
 * has been idle for the flush interval, whatever is buffered is scored at once (a trainer piping
 * one group and waiting gets its answer). Memory is bounded by one batch and the decode queue
 * whatever the input size.
 */
public final class ScoreRun {

    private final BatchPipeline pipeline;
    private final int batchSize;
    private final long flushMillis;
    private final ReportCollector report;
    private final RecordEncoder encoder = new RecordEncoder();
    private volatile boolean stopRequested;
    /** Why the run was asked to stop ("a signal"), or null while it was not. */
    private volatile String stopReason;
    /** Input bytes read when the run ended (for a check that the input did not shrink meanwhile). */
    private long bytesRead;
    private Path checkpointed;
    private String inputName;
    private Checkpoint resumeFrom;
    /** A candidate policy deciding every batch beside the live one, or null (the usual run: no cost). */
    private dev.rewire.runtime.engine.shadow.ShadowPolicy shadow;
    /**
     * A checkpoint costs a file write and two fsyncs; one a second bounds what a killed run replays
     * to a second's work (a resumed run truncates the output to the checkpoint, so nothing is written
     * twice). {@code -Drewire.checkpoint.interval.ms=MS} sets another interval (0: after every batch).
     */
    private static final long CHECKPOINT_INTERVAL_NANOS =
            Math.max(0, Long.getLong("rewire.checkpoint.interval.ms", 1000)) * 1_000_000L;
    /** When the last checkpoint was taken (the pipeline thread's). */
    private long lastCheckpointNanos;
    /** The ids seen lately; the pipeline thread's. */
    private DuplicateIds duplicates;
    private int groupSize;
    private long groupWaitMillis;

    /**
     * @param flushMillis score what is buffered after this long without input (0: never; wait for a full batch)
     * @param report      collects what a report needs, or null when no report was asked for
     */
    public ScoreRun(BatchPipeline pipeline, int batchSize, long flushMillis, ReportCollector report) {
        this.pipeline = pipeline;
        this.batchSize = batchSize;
        this.flushMillis = flushMillis;
        this.report = report;
    }

    /**
     * Saves a {@link Checkpoint} beside {@code output} after written batches (at most one a second,
     * and the last one when the run is stopped), so a killed run can be resumed; {@code from} is the checkpoint this run resumes, or null.
     */
    public ScoreRun checkpointing(Path output, String input, Checkpoint from) {
        this.checkpointed = output;
        this.inputName = input;
        this.resumeFrom = from;
        return this;
    }

    /**
     * Declares the size of a whole group: records say whether their group reached it, and an idle
     * flush holds a group short of it for up to {@code groupWaitMillis} (see {@link Batcher}).
     */
    public ScoreRun grouping(int groupSize, long groupWaitMillis) {
        this.groupSize = groupSize;
        this.groupWaitMillis = groupWaitMillis;
        return this;
    }

    /** Decides every scored batch under a candidate policy too (after its records are handed to the writer). */
    public ScoreRun shadowing(dev.rewire.runtime.engine.shadow.ShadowPolicy shadow) {
        this.shadow = shadow;
        return this;
    }

    /**
     * Asks the run to stop reading (a signal arrived): the samples already read are scored and
     * written, and {@link #run} returns its summary. Thread safe.
     */
    public void stop() {
        stop("a signal");
    }

    /** As {@link #stop()}, saying why (the summary begins "stopped by REASON: "). */
    public void stop(String reason) {
        stopReason = reason;
        stopRequested = true;
    }

    /** Input bytes (decompressed) read by the run, once {@link #run} has returned. */
    public long bytesRead() {
        return bytesRead;
    }

    /**
     * @param startNanos when the run began (for wall time)
     * @param startSeconds how long the host took to start
     */
    public RunSummary run(InputStream in, OutputStream out, RejectSink rejects, Progress progress, long startNanos,
                          double startSeconds) {
        Checkpoint from = resumeFrom;
        Batcher batcher = new Batcher(batchSize, from == null ? 0 : from.nextBatch(), groupSize, groupWaitMillis);
        // the slack: ids read after a checkpoint's line (the group still gathering) before it is taken
        duplicates = new DuplicateIds(2 * batchSize, 2 * batchSize);
        Counters c = new Counters();
        if (from != null) {
            c.in = from.recordsIn();
            c.out = from.recordsOut();
            c.lastLine = from.lines();
            c.nextBatch = from.nextBatch();
            duplicates.restore(from.recentIds());
            if (from.state() != null) {
                pipeline.restore(from.state());
            }
        }
        boolean ended = false;
        RuntimeException readFailure = null;
        BatchWriter writer = new BatchWriter(out);
        try (writer; DecodingReader<Sample> reader = new DecodingReader<>(in,
                ScoreRun::decode, Sample::id, from == null ? 0 : from.lines())) {
            boolean more = true;
            long idleSince = System.nanoTime();
            while (more && c.blockedBy == null && !stopRequested) {
                // wake up now and then even without input, so a stop request is seen promptly
                DecodingReader.Next<Sample> next = reader.poll(flushMillis > 0 ? Math.min(flushMillis, 100) : 100);
                if (next instanceof DecodingReader.Line<Sample> l) {
                    c.in++;
                    DecodedLine<Sample> line = duplicates.check(l.line());
                    c.lastLine = line.line();
                    if (line.rejected()) {
                        rejects.reject(line);
                    } else {
                        c.pending.put(line.value().id(), new PendingLine(line.line(), c.in, line.raw()));
                        batcher.add(line.value()).ifPresent(b -> score(b, writer, c, rejects, true));
                    }
                    progress.update(c.in, l.bytesRead());
                    bytesRead = l.bytesRead();
                    idleSince = System.nanoTime();
                } else if (next instanceof DecodingReader.Idle) {
                    if (flushMillis > 0 && System.nanoTime() - idleSince >= flushMillis * 1_000_000L) {
                        batcher.flushIdle().ifPresent(b -> score(b, writer, c, rejects, true));
                        idleSince = System.nanoTime();
                    }
                } else if (next instanceof DecodingReader.Failed<Sample> f) {
                    // what was read before the failure is still scored and written below
                    readFailure = f.error();
                    more = false;
                } else {
                    bytesRead = ((DecodingReader.End<Sample>) next).bytesRead();
                    more = false;
                    ended = true;
                }
            }
            if (c.blockedBy == null && !ended && checkpointed != null) {
                // Stopped by a signal: the checkpoint stays at the last whole batch, and what was read since is
                // still scored and written after it. --resume cuts that part off and scores it again as the
                // run would have gone on (whole groups, the same batches), so its output is the run's.
                writer.sync();
                saveCheckpoint(takeCheckpoint(c, outputSize()), rejects);
                batcher.flush().ifPresent(b -> score(b, writer, c, rejects, false));
            } else if (c.blockedBy == null) {
                batcher.flush().ifPresent(b -> score(b, writer, c, rejects, true));
            }
        }
        if (checkpointed != null && c.blockedBy != null) {
            // blocked: the run can be resumed from its last written batch once the policy changes
            saveCheckpoint(takeCheckpoint(c, outputSize()), rejects);
        }
        if (ended && c.blockedBy == null && checkpointed != null) {
            try {
                Checkpoint.remove(checkpointed);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the checkpoint of a finished run: " + e.getMessage(), e);
            }
        }
        progress.finish();
        if (readFailure != null) {
            throw new ReadFailed(readFailure, c.in, c.out);
        }
        double wall = (System.nanoTime() - startNanos) / 1e9;
        return new RunSummary(c.in, c.out, rejects.count(), c.batches, batcher.splitGroups(), batcher.scatteredGroups(),
                c.device == null ? "none" : c.device, wall, startSeconds, c.blockedBy, stopRequested,
                stopRequested ? stopReason : null);
    }

    /** Decodes a line and reads its completion there, on the decoding thread, off the pipeline's. */
    private static Sample decode(String line, long lineNumber) throws dev.rewire.framework.json.InvalidRecordException {
        Sample s = SampleCodec.decode(line, "line-" + lineNumber);
        s.parsed();
        return s;
    }

    /** @param checkpoint whether a checkpoint may follow this batch (not after a signal: see {@link #run}) */
    private void score(Batch batch, BatchWriter writer, Counters c, RejectSink rejects, boolean checkpoint) {
        BatchResult result = pipeline.process(batch);
        c.batches++;
        if (result.device() != null) {
            c.device = result.device();
        }
        if (report != null) {
            report.add(batch.index(), result.checks(), result.scored(), result.records());
        }
        if (result.blockedBy() != null) {
            c.blockedBy = "batch " + batch.index() + " blocked by rule \"" + result.blockedBy().getRule() + "\": "
                    + result.blockedBy().getReason();
            return;
        }
        c.out += result.records().size();
        for (BatchResult.Poisoned p : result.poisoned()) {
            PendingLine at = c.pending.get(p.sample().id());
            rejects.reject(new DecodedLine<>(at.line(), at.raw(), null, p.sample().id(), p.reason()));
        }
        for (var s : batch.samples()) {
            c.pending.remove(s.id());
        }
        c.nextBatch = batch.index() + 1;
        if (checkpointed == null || !checkpoint || System.nanoTime() - lastCheckpointNanos < CHECKPOINT_INTERVAL_NANOS) {
            writer.submit(result.records(), () -> { });
        } else {
            // taken now, between this batch and the next; saved once the batch is written
            lastCheckpointNanos = System.nanoTime();
            Checkpoint taken = takeCheckpoint(c, -1);
            writer.submit(result.records(), () -> saveCheckpoint(taken.withOutputBytes(outputSize()), rejects));
        }
        if (shadow != null) {
            shadow.compare(result.decided(batch), result);
        }
    }

    /**
     * Where the run stands between two batches (the pipeline thread's): every line before the first
     * sample still waiting for its batch is accounted for; the pipeline's state and the remembered
     * ids as of that line.
     *
     * @param outputBytes the output's length then, or -1 when the writer has yet to write the last batch
     */
    private Checkpoint takeCheckpoint(Counters c, long outputBytes) {
        PendingLine first = c.pending.isEmpty() ? null : c.pending.values().iterator().next();
        long accounted = first == null ? c.lastLine : first.line() - 1;
        long readThrough = first == null ? c.in : first.readThrough() - 1;
        return new Checkpoint(inputName, accounted, outputBytes, readThrough, c.out, c.nextBatch, pipeline.state(),
                duplicates.through(accounted));
    }

    /**
     * Saves a checkpoint (the writer thread, or the run's while the writer waits); the rejects go to
     * disk first, since it counts their lines as accounted for.
     */
    private void saveCheckpoint(Checkpoint checkpoint, RejectSink rejects) {
        rejects.flush();
        try {
            Checkpoint.force(rejects.file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write rejects to " + rejects.file() + ": " + e.getMessage(), e);
        }
        checkpoint.save(checkpointed);
    }

    /** The output's length now (every batch submitted so far written). */
    private long outputSize() {
        try {
            return Files.size(checkpointed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + checkpointed + ": " + e.getMessage(), e);
        }
    }

    /**
     * A valid sample read but not yet written: its line number, the count of lines read through it,
     * and its text (for the rejects file, should the policy throw on it alone).
     */
    private record PendingLine(long line, long readThrough, String raw) {
    }

    /**
     * Reading the input stopped on an error; every record read before it was scored and written
     * (and checkpointed: {@code --resume} goes on from there once the input is whole).
     */
    public static final class ReadFailed extends RuntimeException {
        ReadFailed(RuntimeException cause, long in, long out) {
            super(cause.getMessage() + "; the " + in + " records read before it were handled (" + out
                    + " written)", cause);
        }
    }

    private static final class Counters {
        /** Valid samples read but not yet written, by id. */
        final java.util.LinkedHashMap<String, PendingLine> pending = new java.util.LinkedHashMap<>();
        long lastLine;
        /** The index of the batch after the last one written. */
        long nextBatch;
        long in;
        long out;
        long batches;
        String device;
        String blockedBy;
    }
}
