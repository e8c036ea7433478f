package dev.rewire.runtime.pipeline;

import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.json.SampleCodec;
import dev.rewire.framework.model.Batch;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.model.RewardRecord;
import dev.rewire.runtime.report.ReportCollector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Optional;

/**
 * Streams one input through the pipeline: read, reject or batch, score, write. Output is flushed
 * after every batch so a consumer reading a pipe sees records as they are scored. Memory is
 * bounded by one batch whatever the input size.
 */
public final class ScoreRun {

    private final BatchPipeline pipeline;
    private final int batchSize;
    private final ReportCollector report;

    /** @param report collects what a report needs, or null when no report was asked for */
    public ScoreRun(BatchPipeline pipeline, int batchSize, ReportCollector report) {
        this.pipeline = pipeline;
        this.batchSize = batchSize;
        this.report = report;
    }

    /**
     * @param startNanos when the run began (for wall time)
     * @param startSeconds how long the host took to start
     */
    public RunSummary run(BufferedReader in, Writer out, RejectSink rejects, Progress progress, long startNanos,
                          double startSeconds) {
        JsonlReader<Sample> reader = new JsonlReader<>(in, SampleCodec::decode, Sample::id);
        Batcher batcher = new Batcher(batchSize);
        Counters c = new Counters();
        while (reader.hasNext() && c.blockedBy == null) {
            DecodedLine<Sample> line = reader.next();
            c.in++;
            if (line.rejected()) {
                rejects.reject(line);
            } else {
                batcher.add(line.value()).ifPresent(b -> score(b, out, c));
            }
            progress.update(c.in, reader.charsRead());
        }
        if (c.blockedBy == null) {
            Optional<Batch> last = batcher.flush();
            last.ifPresent(b -> score(b, out, c));
        }
        progress.finish();
        double wall = (System.nanoTime() - startNanos) / 1e9;
        return new RunSummary(c.in, c.out, rejects.count(), c.batches, batcher.splitGroups(),
                c.device == null ? "none" : c.device, wall, startSeconds, c.blockedBy);
    }

    private void score(Batch batch, Writer out, Counters c) {
        BatchResult result = pipeline.process(batch);
        c.batches++;
        c.device = result.device();
        if (report != null) {
            report.add(batch.index(), result.checks(), result.scored());
        }
        if (result.blockedBy() != null) {
            c.blockedBy = "batch " + batch.index() + " blocked by rule \"" + result.blockedBy().getRule() + "\": "
                    + result.blockedBy().getReason();
            return;
        }
        try {
            for (RewardRecord r : result.records()) {
                out.write(RewireJson.mapper().writeValueAsString(r));
                out.write('\n');
                c.out++;
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write output", e);
        }
    }

    private static final class Counters {
        long in;
        long out;
        long batches;
        String device;
        String blockedBy;
    }
}
