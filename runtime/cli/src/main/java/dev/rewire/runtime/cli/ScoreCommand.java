package dev.rewire.runtime.cli;

import dev.rewire.runtime.host.RewireRuntime;
import dev.rewire.runtime.host.RuntimeOptions;
import dev.rewire.runtime.host.djl.DjlEngine;
import dev.rewire.runtime.engine.BatchPipeline;
import dev.rewire.runtime.host.BundleCalls;
import dev.rewire.runtime.engine.CheckWindow;
import dev.rewire.runtime.engine.Checkpoint;
import dev.rewire.runtime.io.Progress;
import dev.rewire.runtime.io.RejectSink;
import dev.rewire.runtime.engine.RunSummary;
import dev.rewire.runtime.apps.ScoreRun;
import dev.rewire.runtime.host.Services;
import dev.rewire.runtime.pages.HtmlReport;
import dev.rewire.runtime.pages.Report;
import dev.rewire.runtime.pages.ReportCollector;
import dev.rewire.runtime.pages.ReportJson;
import dev.rewire.runtime.engine.shadow.ShadowPolicy;
import dev.rewire.runtime.engine.shadow.ShadowSummary;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rewire score}: samples in, reward records out. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Scores samples (JSONL) into reward records (JSONL).",
                "Each record carries its reward, group-normalized advantage, every routed term's value and weight "
                        + "(or why it abstained), the rules that decided it, and provenance (bundle versions, "
                        + "policy sha256).",
                "Exit status: 0 ok; 1 failure; 2 usage; 3 some records rejected (all valid ones scored); "
                        + "4 a policy rule blocked a batch."})
final class ScoreCommand implements Callable<Integer> {

    @ParentCommand
    RewireCommand parent;

    @Mixin
    HostOptions host;

    @FileRole(FileRole.Kind.READ)
    @Option(names = "--in", required = true, paramLabel = "FILE|-", description = "Samples, one JSON object a line; - for stdin.")
    String in;

    @FileRole(FileRole.Kind.WRITTEN)
    @Option(names = "--out", required = true, paramLabel = "FILE|-", description = "Reward records; - for stdout.")
    String out;

    @FileRole(FileRole.Kind.WRITTEN)
    @Option(names = "--rejects", paramLabel = "FILE",
            description = "Where rejected lines go. Default: next to --out (NAME.rejects.jsonl), "
                    + "or rewire.rejects.jsonl when writing to stdout.")
    Path rejects;

    @FileRole(FileRole.Kind.WRITTEN)
    @Option(names = "--stats", paramLabel = "FILE",
            description = "Also write the run summary and per-term statistics (mean, std, abstain rate, share of "
                    + "groups with zero variance) as JSON.")
    Path stats;

    @FileRole(FileRole.Kind.WRITTEN)
    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Write a calibration report: one self-contained HTML page (reliability diagram, term "
                    + "histograms, per-batch trends). Keeps a compact row per sample in memory.")
    Path report;

    @FileRole(FileRole.Kind.WRITTEN)
    @Option(names = "--report-json", paramLabel = "FILE.json", description = "The report's numbers as JSON.")
    Path reportJson;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256",
            description = "Samples per batch (whole groups; default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    ScoringMixin scoring;

    @Mixin
    ShadowOptions shadowing;

    @Option(names = "--resume",
            description = "Continue a killed run from its last complete batch: OUT.progress.json, saved beside the "
                    + "output after every batch, says where; the output is cut back to it and the rest of the input "
                    + "is scored and appended (no record lost or written twice). Needs --in FILE and --out FILE.")
    boolean resume;

    @Option(names = "--flush-ms", paramLabel = "MS", defaultValue = "-1",
            description = "Score what is buffered once the input has been idle this long, so a trainer piping a "
                    + "group and waiting gets its records (default: 200 for --in -, off for files).")
    long flushMillis;

    @Option(names = "--group-size", paramLabel = "N", defaultValue = "0",
            description = "Samples in a whole group (a trainer's samples per prompt): each record says whether its "
                    + "group had them; with --in - a group short of N is held for up to --group-wait-ms.")
    int groupSize;

    @Option(names = "--group-wait-ms", paramLabel = "MS", defaultValue = "10000",
            description = "How long a group short of --group-size is held for its other samples (default: ${DEFAULT-VALUE}).")
    long groupWaitMillis;

    /** Counted down once the run has written everything and the host is shut down. */
    private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        try {
            return score();
        } finally {
            finished.countDown();
        }
    }

    private int score() throws Exception {
        long t0 = System.nanoTime();
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        if (groupSize < 0 || groupWaitMillis < 0) {
            throw new IllegalArgumentException("--group-size and --group-wait-ms must be >= 0");
        }
        RuntimeOptions options = host.resolve(scoring.options());
        Path inPath = DataFiles.input("--in", in);
        Path rejectsPath = rejects != null ? rejects : DataFiles.rejectsBeside(out);
        // the options themselves are checked by FileRoles; the default beside --out is derived here
        DataFiles.refuseOverwrite("--rejects", rejectsPath.toString(), inPath);
        RejectSink.probe("--rejects", rejectsPath);
        Path outPath = "-".equals(out) ? null : Path.of(out);
        Checkpoint from = null;
        if (resume) {
            if (inPath == null || outPath == null) {
                throw new IllegalArgumentException("--resume needs --in FILE and --out FILE (a pipe cannot be read again)");
            }
            from = Checkpoint.load(outPath);
            if (!from.input().equals(inPath.toAbsolutePath().toString())) {
                throw new IllegalArgumentException("--resume: the killed run read " + from.input() + ", not " + inPath);
            }
            from.truncate(outPath);
            System.err.println("rewire: resuming after input line " + from.lines() + " (" + from.recordsOut()
                    + " records already written)");
        }
        boolean tty = Boolean.getBoolean("rewire.tty");
        try (RewireRuntime runtime = RewireRuntime.start(options, System.err::println);
             InputStream reader = DataFiles.open(inPath);
             OutputStream writer = resume ? DataFiles.append(outPath) : DataFiles.create(out, parent.data);
             RejectSink sink = new RejectSink(rejectsPath, System.err::println, from == null ? 0 : from.lines())) {
            DjlEngine djl = runtime.djl();
            System.err.println("rewire: " + djl.describe() + " (engine start " + djl.startMillis() + " ms); policy "
                    + options.policy() + (options.deploy() == null ? "" : "; deploy " + options.deploy()));
            long sizeAtStart = DataFiles.plainSize(inPath);
            Progress progress = new Progress(tty ? System.err : null,
                    inPath == null || !Files.isRegularFile(inPath) ? -1 : Files.size(inPath));
            BatchPipeline pipeline = runtime.injector().getInstance(BatchPipeline.class);
            ReportCollector collector = report != null || reportJson != null ? new ReportCollector(scoring.options(),
                    options.limits().minCheckSamples()) : null;
            ScoreRun run = new ScoreRun(pipeline, batchSize, flushMillis >= 0 ? flushMillis : inPath == null ? 200 : 0,
                    collector).grouping(groupSize, groupWaitMillis);
            if (outPath != null && inPath != null) {
                run.checkpointing(outPath, inPath.toAbsolutePath().toString(), from);
            }
            // SIGTERM / SIGINT: stop reading, score and write what was read, print the summary and stats,
            // shut the host down (removing its temporary folders); the hook waits for all of that.
            Thread hook = new Thread(() -> {
                run.stop(ExitGuard.stopReason());
                try {
                    finished.await(2, java.util.concurrent.TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "rewire-score-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            ShadowPolicy shadow = shadowing.start(runtime, options, out, System.err::println);
            RunSummary summary;
            try (shadow) {
                run.shadowing(shadow);
                summary = run.run(reader, writer, sink, progress, t0, runtime.startSeconds());
            }
            if (collector != null) {
                CheckWindow totals = CheckWindow.wholeRun(runtime.services().checks(), runtime.calls(),
                        host.runCheckTimeout(), options.limits().minCheckSamples(), System.err::println);
                Report r = collector.finish(totals, null, null);
                if (report != null) {
                    HtmlReport.write(r, report);
                    System.err.println("rewire: report in " + report);
                }
                if (reportJson != null) {
                    ReportJson.write(r, reportJson);
                }
            }
            System.err.print(pipeline.statistics().table());
            System.err.println("rewire: " + summary.describe());
            ShadowSummary shadowed = shadow == null ? null : shadow.summary();
            if (shadowed != null) {
                System.err.println("rewire: " + shadowed.describe());
            }
            if (stats != null) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("run", summary);
                json.put("terms", pipeline.statistics().figures());
                // wall seconds the pipeline thread spent per stage (encoding and decoding run beside it)
                json.put("stage_seconds", pipeline.stageTimes().seconds());
                if (shadowed != null) {
                    json.put("shadow", shadowed);
                }
                StatsFile.write(json, stats);
            }
            if (summary.rejected() > 0) {
                System.err.println("rewire: rejected records are in " + sink.file());
            }
            if (!summary.interrupted() && summary.blockedBy() == null && run.bytesRead() < sizeAtStart) {
                System.err.println("rewire: the input shrank while it was read: " + sizeAtStart + " bytes at the start, "
                        + "the end came after " + run.bytesRead() + " (was it truncated or rewritten meanwhile?); "
                        + "the records past that point were never read");
                return ExitCodes.FAILURE;
            }
            if (summary.blockedBy() != null) {
                System.err.println("rewire: stopped: " + summary.blockedBy());
                return ExitCodes.BLOCKED;
            }
            return summary.rejected() > 0 ? ExitCodes.REJECTED : ExitCodes.OK;
        }
    }
}
