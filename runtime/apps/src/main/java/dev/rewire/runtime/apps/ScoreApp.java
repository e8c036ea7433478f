package dev.rewire.runtime.apps;

import dev.rewire.runtime.engine.BatchPipeline;
import dev.rewire.runtime.engine.CheckWindow;
import dev.rewire.runtime.engine.Checkpoint;
import dev.rewire.runtime.engine.RunSummary;
import dev.rewire.runtime.engine.shadow.ShadowPolicy;
import dev.rewire.runtime.engine.shadow.ShadowSummary;
import dev.rewire.runtime.host.RewireRuntime;
import dev.rewire.runtime.host.RuntimeOptions;
import dev.rewire.runtime.host.djl.DjlEngine;
import dev.rewire.runtime.io.DataFiles;
import dev.rewire.runtime.io.InputRecords;
import dev.rewire.runtime.io.JsonlRecordSink;
import dev.rewire.runtime.io.ParquetFiles;
import dev.rewire.runtime.io.RecordSink;
import dev.rewire.runtime.io.Progress;
import dev.rewire.runtime.io.RejectSink;
import dev.rewire.runtime.io.StatsFile;
import dev.rewire.runtime.pages.HtmlReport;
import dev.rewire.runtime.pages.Report;
import dev.rewire.runtime.pages.ReportCollector;
import dev.rewire.runtime.pages.ReportJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code rewire score} without the command line: starts the host, streams the input through a
 * {@link ScoreRun}, then writes the report, the statistics and the summary, and says how it ended
 * as an {@link ExitStatus}.
 *
 * <p>One run per instance. {@link #run} is called once, on one thread; {@link #stop} may be called
 * from any other (a signal handler) and makes the run score and write what it has read, then return.
 */
public final class ScoreApp {

    /**
     * What to score and where its outputs go, as parsed from the command line.
     *
     * @param in              the samples; null for stdin
     * @param out             the records' file, or "-" for the data output stream (stdout)
     * @param rejects         where rejected lines go, or null for beside {@code out}
     * @param stats           the run summary and term statistics as JSON, or null
     * @param report          the HTML report, or null
     * @param reportJson      the report's numbers as JSON, or null
     * @param flushMillis     score what is buffered after this long idle; negative: 200 ms for stdin, off for a file
     * @param runCheckTimeout the deadline of one check over the whole run (the report's totals)
     * @param lookahead       judge and decide each batch beside the previous one's other stages
     *                        ({@link dev.rewire.runtime.engine.Lookahead}); false: one batch at a time
     */
    public record Request(RuntimeOptions host, Path in, String out, Path rejects, Path stats, Path report,
                          Path reportJson, int batchSize, long flushMillis, int groupSize, long groupWaitMillis,
                          boolean resume, Duration runCheckTimeout, ShadowSetup shadow, boolean lookahead) {

        public Request {
            if (batchSize < 1) {
                throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
            }
            if (groupSize < 0 || groupWaitMillis < 0) {
                throw new IllegalArgumentException("--group-size and --group-wait-ms must be >= 0");
            }
            if (resume && (in == null || "-".equals(out))) {
                throw new IllegalArgumentException("--resume needs --in FILE and --out FILE (a pipe cannot be read again)");
            }
            if (resume && ParquetFiles.isParquetName(out)) {
                throw new IllegalArgumentException("--resume cannot continue --out " + out + ": a Parquet file is "
                        + "written whole, its footer last, so a killed run leaves nothing to continue; write JSONL "
                        + "to resume");
            }
        }
    }

    private final PrintStream data;
    private final PrintStream err;
    private final boolean tty;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile ScoreRun current;
    private volatile String stopReason;

    /**
     * @param data the output when {@code --out -}; {@code err} the notices; {@code tty} whether err is
     *             a terminal (a progress line is drawn on it). {@code --in -} reads System.in.
     */
    public ScoreApp(PrintStream data, PrintStream err, boolean tty) {
        this.data = data;
        this.err = err;
        this.tty = tty;
    }

    /** Asks the run to stop reading: what was read is scored and written, and {@link #run} returns. */
    public void stop(String reason) {
        stopReason = reason;
        ScoreRun run = current;
        if (run != null) {
            run.stop(reason);
        }
    }

    /** Waits until {@link #run} has written everything and shut the host down; false on timeout. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Scores the request; returns its exit status. {@code t0} is when the command began (System.nanoTime). */
    public int run(Request r, long t0) throws Exception {
        try {
            return score(r, t0);
        } finally {
            finished.countDown();
        }
    }

    private int score(Request r, long t0) throws Exception {
        RuntimeOptions options = r.host();
        Path inPath = r.in();
        Path rejectsPath = r.rejects() != null ? r.rejects() : DataFiles.rejectsBeside(r.out());
        // the options themselves are checked by the command line; the default beside --out is derived here
        DataFiles.refuseOverwrite("--rejects", rejectsPath.toString(), inPath);
        RejectSink.probe("--rejects", rejectsPath);
        Path outPath = "-".equals(r.out()) ? null : Path.of(r.out());
        Checkpoint from = r.resume() ? resumePoint(inPath, outPath) : null;
        try (RewireRuntime runtime = RewireRuntime.start(options, err::println);
             InputRecords reader = DataFiles.openRecords(inPath);
             RecordSink writer = r.resume() ? new JsonlRecordSink(DataFiles.append(outPath))
                     : DataFiles.createRecords(r.out(), data);
             RejectSink sink = new RejectSink(rejectsPath, err::println, from == null ? 0 : from.lines(), reader.unit())) {
            DjlEngine djl = runtime.djl();
            err.println("rewire: " + djl.describe() + " (engine start " + djl.startMillis() + " ms); policy "
                    + options.policy() + (options.deploy() == null ? "" : "; deploy " + options.deploy()));
            long sizeAtStart = DataFiles.plainSize(inPath);
            Progress progress = new Progress(tty ? err : null,
                    inPath == null || !Files.isRegularFile(inPath) ? -1 : Files.size(inPath));
            BatchPipeline pipeline = runtime.injector().getInstance(BatchPipeline.class);
            ReportCollector collector = r.report() != null || r.reportJson() != null
                    ? new ReportCollector(options.scoring(), options.limits().minCheckSamples()) : null;
            ScoreRun run = newRun(r, pipeline, collector, outPath, from);
            ShadowPolicy shadow = r.shadow().start(runtime, r.out(), err::println);
            RunSummary summary;
            try (shadow) {
                run.shadowing(shadow);
                summary = run.run(reader, writer, sink, progress, t0, runtime.startSeconds());
            }
            if (collector != null) {
                writeReport(runtime, r, collector);
            }
            tell(r, pipeline, summary, shadow, sink);
            return status(summary, run.bytesRead(), sizeAtStart);
        }
    }

    /**
     * The run over the input, made current (so that {@link #stop} reaches it), already stopped when a
     * stop came while the host started; it checkpoints when it reads a file and writes one.
     */
    private ScoreRun newRun(Request r, BatchPipeline pipeline, ReportCollector collector, Path outPath, Checkpoint from) {
        Path inPath = r.in();
        long flushMillis = r.flushMillis() >= 0 ? r.flushMillis() : inPath == null ? 200 : 0;
        ScoreRun run = new ScoreRun(pipeline, r.batchSize(), flushMillis, collector)
                .grouping(r.groupSize(), r.groupWaitMillis())
                .lookingAhead(r.lookahead());
        // a Parquet output is readable only once whole (its footer last): nothing a checkpoint could resume
        if (outPath != null && inPath != null && !ParquetFiles.isParquetName(r.out())) {
            run.checkpointing(outPath, inPath.toAbsolutePath().toString(), from);
        }
        current = run;
        if (stopReason != null) {
            run.stop(stopReason);
        }
        return run;
    }

    /** After the run, on stderr: the terms' table, the run's and the shadow's summaries, where rejects went; --stats. */
    private void tell(Request r, BatchPipeline pipeline, RunSummary summary, ShadowPolicy shadow, RejectSink sink)
            throws IOException {
        err.print(pipeline.statistics().table());
        err.println("rewire: " + summary.describe());
        ShadowSummary shadowed = shadow == null ? null : shadow.summary();
        if (shadowed != null) {
            err.println("rewire: " + shadowed.describe());
        }
        if (r.stats() != null) {
            writeStats(r.stats(), summary, pipeline, shadowed);
        }
        if (summary.rejected() > 0) {
            err.println("rewire: rejected records are in " + sink.file());
        }
    }

    /** The checkpoint a resumed run continues from; the output is cut back to it. */
    private Checkpoint resumePoint(Path inPath, Path outPath) throws IOException {
        Checkpoint from = Checkpoint.load(outPath);
        if (!from.input().equals(inPath.toAbsolutePath().toString())) {
            throw new IllegalArgumentException("--resume: the killed run read " + from.input() + ", not " + inPath);
        }
        from.truncate(outPath);
        err.println("rewire: resuming after input line " + from.lines() + " (" + from.recordsOut()
                + " records already written)");
        return from;
    }

    private void writeReport(RewireRuntime runtime, Request r, ReportCollector collector) throws IOException {
        CheckWindow totals = CheckWindow.wholeRun(runtime.services().checks(), runtime.calls(),
                r.runCheckTimeout(), r.host().limits().minCheckSamples(), err::println);
        Report report = collector.finish(totals, null, null);
        if (r.report() != null) {
            HtmlReport.write(report, r.report());
            err.println("rewire: report in " + r.report());
        }
        if (r.reportJson() != null) {
            ReportJson.write(report, r.reportJson());
        }
    }

    private static void writeStats(Path file, RunSummary summary, BatchPipeline pipeline, ShadowSummary shadowed)
            throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", summary);
        json.put("terms", pipeline.statistics().figures());
        // wall seconds the pipeline thread spent per stage (encoding and decoding run beside it)
        json.put("stage_seconds", pipeline.stageTimes().seconds());
        // --lookahead: batches decided before their predecessor's checks were known, and of those the
        // ones decided again because those checks answered the policy's reads otherwise
        json.put("decided_ahead_batches", pipeline.decidedAhead());
        json.put("redecided_batches", pipeline.redecided());
        if (shadowed != null) {
            json.put("shadow", shadowed);
        }
        StatsFile.write(json, file);
    }

    private int status(RunSummary summary, long bytesRead, long sizeAtStart) {
        if (!summary.interrupted() && summary.blockedBy() == null && bytesRead < sizeAtStart) {
            err.println("rewire: the input shrank while it was read: " + sizeAtStart + " bytes at the start, "
                    + "the end came after " + bytesRead + " (was it truncated or rewritten meanwhile?); "
                    + "the records past that point were never read");
            return ExitStatus.FAILURE;
        }
        if (summary.blockedBy() != null) {
            err.println("rewire: stopped: " + summary.blockedBy());
            return ExitStatus.BLOCKED;
        }
        return summary.rejected() > 0 ? ExitStatus.REJECTED : ExitStatus.OK;
    }
}
