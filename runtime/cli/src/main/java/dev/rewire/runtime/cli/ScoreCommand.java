package dev.rewire.runtime.cli;

import dev.rewire.runtime.apps.ScoreApp;
import dev.rewire.runtime.io.DataFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;


import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rewire score}: samples in, reward records out. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Scores samples (JSONL or Parquet) into reward records (JSONL, or Parquet for --out *.parquet).",
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
    @Option(names = "--in", required = true, paramLabel = "FILE|-", description = "Samples, one JSON object a line, or a Parquet file (.parquet, or by its PAR1 bytes); - for stdin (JSONL).")
    String in;

    @FileRole(FileRole.Kind.WRITTEN)
    @Option(names = "--out", required = true, paramLabel = "FILE|-", description = "Reward records; FILE.parquet writes Parquet; - for stdout.")
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
            description = "Write a check report: one self-contained HTML page (reliability diagram, term "
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

    @Option(names = "--lookahead", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Judge and decide the next batch beside the current one's terms, scoring and checks, on "
                    + "the checks known then; a batch whose decision read something of those checks that the "
                    + "current batch's checks answer otherwise is decided again, so the records are the same as "
                    + "without (default: on; --no-lookahead runs each batch's stages one after another).")
    boolean lookahead;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        ScoreApp.Request request = new ScoreApp.Request(host.resolve(scoring.options()), DataFiles.input("--in", in),
                out, rejects, stats, report, reportJson, batchSize, flushMillis, groupSize, groupWaitMillis, resume,
                host.runCheckTimeout(), shadowing.setup(), lookahead);
        ScoreApp app = new ScoreApp(parent.data, System.err, Boolean.getBoolean("rewire.tty"));
        // SIGTERM / SIGINT: stop reading, score and write what was read, print the summary and stats,
        // shut the host down (removing its temporary folders); the hook waits for all of that.
        Thread hook = new Thread(() -> {
            app.stop(ExitGuard.stopReason());
            try {
                app.awaitFinished(Duration.ofMinutes(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rewire-score-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return app.run(request, t0);
    }
}
