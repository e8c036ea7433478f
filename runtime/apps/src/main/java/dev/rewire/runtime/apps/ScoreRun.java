package dev.rewire.runtime.apps;

import dev.rewire.runtime.engine.BatchPipeline;
import dev.rewire.runtime.engine.BatchResult;
import dev.rewire.runtime.engine.Batcher;
import dev.rewire.runtime.engine.Checkpoint;
import dev.rewire.runtime.engine.Lookahead;
import dev.rewire.runtime.engine.RunSummary;
import dev.rewire.runtime.io.BatchWriter;
import dev.rewire.runtime.io.DecodedLine;
import dev.rewire.runtime.io.DecodingReader;
import dev.rewire.runtime.io.DuplicateIds;
import dev.rewire.runtime.io.InputRecords;
import dev.rewire.runtime.io.Progress;
import dev.rewire.runtime.io.RecordSink;
import dev.rewire.runtime.io.RejectSink;

import dev.rewire.framework.json.SampleCodec;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.Batch;
import dev.rewire.runtime.pages.ReportCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    private volatile boolean stopRequested;
    /** Why the run was asked to stop ("a signal"), or null while it was not. */
    private volatile String stopReason;
    /** Input bytes read when the run ended (for a check that the input did not shrink meanwhile). */
    private long bytesRead;
    /** The run's checkpoints, or null when it keeps none. */
    private RunCheckpoints checkpoints;
    private Checkpoint resumeFrom;
    /** A candidate policy deciding every batch beside the live one, or null (the usual run: no cost). */
    private dev.rewire.runtime.engine.shadow.ShadowPolicy shadow;
    /** The ids seen lately; the pipeline thread's. */
    private DuplicateIds duplicates;
    private int groupSize;
    private long groupWaitMillis;
    /** Runs each batch's judge and decide stages beside the previous batch's rest, or null (one batch at a time). */
    private Lookahead lookahead;
    /** The batch started ahead and not yet finished, or null; the pipeline thread's. */
    private StartedBatch started;

    /**
     * A batch whose judge and decide stages run ahead, with where the run stood when it was started:
     * should the batch before it be blocked, the run ends as it would have then (nothing read since
     * counts, and the lines rejected since are not written: a resumed run reads them again).
     */
    private static final class StartedBatch {
        final Batch batch;
        final boolean checkpoint;
        final Lookahead.Started ahead;
        final long in;
        final long lastLine;
        /** Lines rejected since the batch was started, written once it is finished. */
        final List<DecodedLine<Sample>> rejectedSince = new ArrayList<>();

        StartedBatch(Batch batch, boolean checkpoint, Lookahead.Started ahead, RunState c) {
            this.batch = batch;
            this.checkpoint = checkpoint;
            this.ahead = ahead;
            this.in = c.in;
            this.lastLine = c.lastLine;
        }
    }

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
        this.checkpoints = output == null ? null : new RunCheckpoints(output, input, pipeline);
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

    /**
     * Judges and decides each batch beside the previous batch's remaining stages, on the other core
     * (see {@link Lookahead}); the records are the same as without.
     */
    public ScoreRun lookingAhead(boolean on) {
        this.lookahead = on ? new Lookahead(pipeline) : null;
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
    public RunSummary run(InputRecords in, RecordSink out, RejectSink rejects, Progress progress, long startNanos,
                          double startSeconds) {
        Checkpoint from = resumeFrom;
        Batcher batcher = new Batcher(batchSize, from == null ? 0 : from.nextBatch(), groupSize, groupWaitMillis);
        // the slack: ids read after a checkpoint's line (the group still gathering) before it is taken
        duplicates = new DuplicateIds(2 * batchSize, 2 * batchSize);
        RunState c = from == null ? new RunState() : RunState.resumedFrom(from);
        if (from != null) {
            duplicates.restore(from.recentIds());
            if (from.state() != null) {
                pipeline.restore(from.state());
            }
        }
        BatchWriter writer = new BatchWriter(out);
        // a record without an id is named by its place: line-12, or row-12 in a Parquet file
        String unit = in.unit();
        try (writer; DecodingReader<Sample> reader = new DecodingReader<>(in,
                (text, number) -> decode(text, unit + "-" + number), Sample::id, from == null ? 0 : from.lines())) {
            read(reader, batcher, writer, c, rejects, progress);
            scoreRest(batcher, writer, c, rejects);
        } finally {
            if (lookahead != null) {
                lookahead.close();
            }
        }
        if (checkpoints != null) {
            checkpoints.finish(c, duplicates, rejects);
        }
        progress.finish();
        if (c.readFailure != null) {
            throw new ReadFailed(c.readFailure, c.in, c.out);
        }
        double wall = (System.nanoTime() - startNanos) / 1e9;
        return new RunSummary(c.in, c.out, rejects.count(), c.batches, batcher.splitGroups(), batcher.scatteredGroups(),
                c.device == null ? "none" : c.device, wall, startSeconds, c.blockedBy, stopRequested,
                stopRequested ? stopReason : null);
    }

    /**
     * Reads lines until the input ends or fails, a batch is blocked or a stop is asked for: each
     * valid sample batched (a full batch scored), each bad line rejected, and what is buffered scored
     * once the input has been idle for the flush interval.
     */
    private void read(DecodingReader<Sample> reader, Batcher batcher, BatchWriter writer, RunState c,
                      RejectSink rejects, Progress progress) {
        long idleSince = System.nanoTime();
        while (c.blockedBy == null && !stopRequested) {
            // wake up now and then even without input, so a stop request is seen promptly
            DecodingReader.Next<Sample> next = reader.poll(flushMillis > 0 ? Math.min(flushMillis, 100) : 100);
            if (next instanceof DecodingReader.Line<Sample> l) {
                c.in++;
                DecodedLine<Sample> line = duplicates.check(l.line());
                c.lastLine = line.line();
                if (line.rejected()) {
                    if (started != null) {
                        started.rejectedSince.add(line);
                    } else {
                        rejects.reject(line);
                    }
                } else {
                    c.pending.put(line.value().id(), new RunState.PendingLine(line.line(), c.in, line.raw()));
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
                // no next batch is near: the one started ahead is finished now (a trainer waits for it)
                finishStarted(writer, c, rejects);
            } else if (next instanceof DecodingReader.Failed<Sample> f) {
                // what was read before the failure is still scored and written below
                c.readFailure = f.error();
                return;
            } else {
                bytesRead = ((DecodingReader.End<Sample>) next).bytesRead();
                c.ended = true;
                return;
            }
        }
    }

    /** Once reading stopped: scores and writes what is buffered, unless a batch was blocked. */
    private void scoreRest(Batcher batcher, BatchWriter writer, RunState c, RejectSink rejects) {
        finishStarted(writer, c, rejects);
        if (c.blockedBy == null && !c.ended && checkpoints != null) {
            // Stopped by a signal: the checkpoint stays at the last whole batch, and what was read since is
            // still scored and written after it. --resume cuts that part off and scores it again as the
            // run would have gone on (whole groups, the same batches), so its output is the run's.
            writer.sync();
            checkpoints.saveNow(c, duplicates, rejects);
            batcher.flush().ifPresent(b -> score(b, writer, c, rejects, false));
        } else if (c.blockedBy == null) {
            batcher.flush().ifPresent(b -> score(b, writer, c, rejects, true));
        }
        finishStarted(writer, c, rejects);
    }

    /** Decodes a line and reads its completion there, on the decoding thread, off the pipeline's. */
    private static Sample decode(String line, String fallbackId) throws dev.rewire.framework.json.InvalidRecordException {
        Sample s = SampleCodec.decode(line, fallbackId);
        s.parsed();
        return s;
    }

    /** @param checkpoint whether a checkpoint may follow this batch (not after a signal: see {@link #run}) */
    private void score(Batch batch, BatchWriter writer, RunState c, RejectSink rejects, boolean checkpoint) {
        if (lookahead == null) {
            finished(batch, pipeline.process(batch), writer, c, rejects, checkpoint, List.of());
            return;
        }
        // this batch is judged and decided on the lookahead thread while the one before it finishes here
        StartedBatch before = started;
        started = new StartedBatch(batch, checkpoint, lookahead.start(batch), c);
        if (before != null) {
            finish(before, writer, c, rejects);
        }
    }

    /** Finishes the batch started ahead, if any. */
    private void finishStarted(BatchWriter writer, RunState c, RejectSink rejects) {
        StartedBatch s = started;
        if (s != null) {
            started = null;
            finish(s, writer, c, rejects);
        }
    }

    private void finish(StartedBatch s, BatchWriter writer, RunState c, RejectSink rejects) {
        finished(s.batch, lookahead.finish(s.ahead), writer, c, rejects, s.checkpoint, s.rejectedSince);
        if (c.blockedBy != null) {
            // the run ends as it would have without reading ahead: at this batch
            c.in = s.in;
            c.lastLine = s.lastLine;
            started = null;
        }
    }

    /**
     * @param rejectedSince lines read past the batch and rejected, held while it was finished: written
     *                      after its poisoned samples (the order of a run that does not read ahead) and
     *                      before a checkpoint that may count their lines as accounted for; dropped
     *                      when the batch is blocked
     */
    private void finished(Batch batch, BatchResult result, BatchWriter writer, RunState c, RejectSink rejects,
                          boolean checkpoint, List<DecodedLine<Sample>> rejectedSince) {
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
        c.scored(batch, result, rejects);
        rejectedSince.forEach(rejects::reject);
        if (checkpoints == null || !checkpoint || !checkpoints.due()) {
            writer.submit(result.records(), () -> { });
        } else {
            // taken now, between this batch and the next; saved once the batch is written
            RunCheckpoints kept = checkpoints;
            Checkpoint taken = kept.takeBetweenBatches(c, duplicates);
            writer.submit(result.records(), () -> kept.save(taken.withOutputBytes(kept.outputSize()), rejects));
        }
        if (shadow != null) {
            shadow.compare(result.decided(batch), result);
        }
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
}
