package dev.rewire.runtime.pipeline;

import dev.rewire.framework.json.SampleCodec;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.Batch;
import dev.rewire.runtime.report.ReportCollector;
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
    private Path checkpointed;
    private String inputName;
    private Checkpoint resumeFrom;
    /** A candidate policy deciding every batch beside the live one, or null (the usual run: no cost). */
    private dev.rewire.runtime.shadow.ShadowPolicy shadow;
    /**
     * A checkpoint costs a file write; one a second bounds what a killed run replays to a second's
     * work (a resumed run truncates the output to the checkpoint, so nothing is written twice).
     */
    private static final long CHECKPOINT_INTERVAL_NANOS = 1_000_000_000L;
    /** The newest checkpoint not yet saved, and when the last was saved: the writer thread's. */
    private Checkpoint unsaved;
    private long lastSavedNanos;
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
    public ScoreRun shadowing(dev.rewire.runtime.shadow.ShadowPolicy shadow) {
        this.shadow = shadow;
        return this;
    }

    /**
     * Asks the run to stop reading (a signal arrived): the samples already read are scored and
     * written, and {@link #run} returns its summary. Thread safe.
     */
    public void stop() {
        stopRequested = true;
    }

    /**
     * @param startNanos when the run began (for wall time)
     * @param startSeconds how long the host took to start
     */
    public RunSummary run(InputStream in, OutputStream out, RejectSink rejects, Progress progress, long startNanos,
                          double startSeconds) {
        Checkpoint from = resumeFrom;
        Batcher batcher = new Batcher(batchSize, from == null ? 0 : from.nextBatch(), groupSize, groupWaitMillis);
        DuplicateIds duplicates = new DuplicateIds(2 * batchSize);
        Counters c = new Counters();
        if (from != null) {
            c.in = from.recordsIn();
            c.out = from.recordsOut();
            c.lastLine = from.lines();
        }
        boolean ended = false;
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
                        c.pending.put(line.value().id(), new long[] {line.line(), c.in});
                        batcher.add(line.value()).ifPresent(b -> score(b, writer, c, rejects));
                    }
                    progress.update(c.in, l.bytesRead());
                    idleSince = System.nanoTime();
                } else if (next instanceof DecodingReader.Idle) {
                    if (flushMillis > 0 && System.nanoTime() - idleSince >= flushMillis * 1_000_000L) {
                        batcher.flushIdle().ifPresent(b -> score(b, writer, c, rejects));
                        idleSince = System.nanoTime();
                    }
                } else {
                    more = false;
                    ended = true;
                }
            }
            if (c.blockedBy == null) {
                batcher.flush().ifPresent(b -> score(b, writer, c, rejects));
            }
        }
        if (checkpointed != null && (!ended || c.blockedBy != null)) {
            // stopped or blocked: the run can be resumed from its last written batch
            saveCheckpoint(rejects);
        }
        if (ended && c.blockedBy == null && checkpointed != null) {
            try {
                Checkpoint.remove(checkpointed);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the checkpoint of a finished run: " + e.getMessage(), e);
            }
        }
        progress.finish();
        double wall = (System.nanoTime() - startNanos) / 1e9;
        return new RunSummary(c.in, c.out, rejects.count(), c.batches, batcher.splitGroups(), batcher.scatteredGroups(),
                c.device == null ? "none" : c.device, wall, startSeconds, c.blockedBy, stopRequested);
    }

    /** Decodes a line and reads its completion there, on the decoding thread, off the pipeline's. */
    private static Sample decode(String line, long lineNumber) throws dev.rewire.framework.json.InvalidRecordException {
        Sample s = SampleCodec.decode(line, "line-" + lineNumber);
        s.parsed();
        return s;
    }

    private void score(Batch batch, BatchWriter writer, Counters c, RejectSink rejects) {
        BatchResult result = pipeline.process(batch);
        c.batches++;
        c.device = result.device();
        if (report != null) {
            report.add(batch.index(), result.checks(), result.scored(), result.records());
        }
        if (result.blockedBy() != null) {
            c.blockedBy = "batch " + batch.index() + " blocked by rule \"" + result.blockedBy().getRule() + "\": "
                    + result.blockedBy().getReason();
            return;
        }
        c.out += result.records().size();
        for (var s : batch.samples()) {
            c.pending.remove(s.id());
        }
        if (checkpointed == null) {
            writer.submit(result.records(), () -> { });
        } else {
            submitCheckpointed(batch, result, writer, c, rejects);
        }
        if (shadow != null) {
            shadow.compare(batch, result);
        }
    }

    private void submitCheckpointed(Batch batch, BatchResult result, BatchWriter writer, Counters c,
                                    RejectSink rejects) {
        // where the input stands once this batch is written: every line before the first sample
        // still waiting for its batch is accounted for
        long[] first = c.pending.isEmpty() ? null : c.pending.values().iterator().next();
        long accounted = first == null ? c.lastLine : first[0] - 1;
        long readThrough = first == null ? c.in : first[1] - 1;
        long out = c.out;
        long next = batch.index() + 1;
        writer.submit(result.records(), () -> {
            unsaved = new Checkpoint(inputName, accounted, Files.size(checkpointed), readThrough, out, next);
            if (System.nanoTime() - lastSavedNanos >= CHECKPOINT_INTERVAL_NANOS) {
                saveCheckpoint(rejects);
            }
        });
    }

    /**
     * Saves the latest checkpoint (writer thread, or the run's thread once the writer has finished).
     * The rejects go to disk first: the checkpoint counts their lines as accounted for.
     */
    private void saveCheckpoint(RejectSink rejects) {
        if (unsaved != null) {
            rejects.flush();
            unsaved.save(checkpointed);
            unsaved = null;
            lastSavedNanos = System.nanoTime();
        }
    }

    private static final class Counters {
        /** Valid samples read but not yet written, by id: their line and the count of lines read through it. */
        final java.util.LinkedHashMap<String, long[]> pending = new java.util.LinkedHashMap<>();
        long lastLine;
        long in;
        long out;
        long batches;
        String device;
        String blockedBy;
    }
}
