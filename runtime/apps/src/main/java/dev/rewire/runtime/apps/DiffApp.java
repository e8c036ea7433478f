package dev.rewire.runtime.apps;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.runtime.engine.BatchPipeline;
import dev.rewire.runtime.engine.RunSummary;
import dev.rewire.runtime.engine.diff.DiffSummary;
import dev.rewire.runtime.engine.diff.FailIf;
import dev.rewire.runtime.engine.diff.PolicyDiff;
import dev.rewire.runtime.host.RewireRuntime;
import dev.rewire.runtime.host.RuntimeOptions;
import dev.rewire.runtime.io.DataFiles;
import dev.rewire.runtime.io.InputRecords;
import dev.rewire.runtime.io.Progress;
import dev.rewire.runtime.io.RecordSink;
import dev.rewire.runtime.io.RejectSink;
import dev.rewire.runtime.io.ScoredRecords;
import dev.rewire.runtime.pages.DiffHtml;
import dev.rewire.runtime.pages.DiffJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code rewire diff} without the command line: scores one input under a base and a candidate
 * (each side a host of its own, one after the other), or reads two scored files, and compares them
 * sample by sample: reward shifts, sign flips, rank changes, per domain and per term. One run per
 * call; not thread-safe.
 */
public final class DiffApp {

    /** Where the two sides come from: two scored files, or one input scored under two host setups. */
    public sealed interface Sides permits ScoredSides, ScoringSides {
    }

    /** Two files of {@code rewire score} output, base first, paired by sample id. */
    public record ScoredSides(Path base, Path candidate) implements Sides {
    }

    /**
     * One input scored under both sides.
     *
     * @param keepScored the folder both sides' records are kept in, or null for a temporary one, removed
     */
    public record ScoringSides(Path in, RuntimeOptions base, RuntimeOptions candidate, int batchSize,
                               Path keepScored) implements Sides {

        public ScoringSides {
            if (batchSize < 1) {
                throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
            }
        }
    }

    /**
     * @param report     the diff as an HTML page, or null
     * @param reportJson the diff as JSON ("-" for the data stream), or null
     * @param top        how many of the samples that moved most to list with both traces
     * @param failIf     thresholds that make the exit status {@link ExitStatus#DIFF_THRESHOLD}
     */
    public record Request(Sides sides, Path report, String reportJson, int top, List<FailIf> failIf) {

        public Request {
            if (top < 0) {
                throw new IllegalArgumentException("--top must be >= 0, got " + top);
            }
        }
    }

    private final PrintStream data;
    private final PrintStream err;

    public DiffApp(PrintStream data, PrintStream err) {
        this.data = data;
        this.err = err;
    }

    public int run(Request r) throws Exception {
        List<RewardRecord> base;
        List<RewardRecord> candidate;
        if (r.sides() instanceof ScoredSides files) {
            base = ScoredRecords.read(files.base(), this::log);
            candidate = ScoredRecords.read(files.candidate(), this::log);
        } else {
            ScoringSides s = (ScoringSides) r.sides();
            Path folder = s.keepScored() != null ? Files.createDirectories(s.keepScored())
                    : Files.createTempDirectory("rewire-diff");
            try {
                base = scoreSide("base", s.base(), s, folder.resolve("base.jsonl"));
                candidate = scoreSide("candidate", s.candidate(), s, folder.resolve("candidate.jsonl"));
            } finally {
                if (s.keepScored() == null) {
                    deleteTree(folder);
                }
            }
        }
        PolicyDiff diff = new PolicyDiff(r.top());
        diff.compare(base, candidate);
        DiffSummary summary = diff.summary();
        List<String> crossed = FailIf.crossed(r.failIf(), summary);
        if (r.report() != null) {
            DiffHtml.write(summary, crossed, r.report());
            log("diff page in " + r.report());
        }
        if (r.reportJson() != null) {
            try (OutputStream out = DataFiles.create(r.reportJson(), data)) {
                DiffJson.write(summary, crossed, out);
            }
        }
        log(describe(summary));
        if (summary.samplesCompared() == 0) {
            log("no sample is on both sides (ids differ?)");
        }
        if (!crossed.isEmpty()) {
            log("thresholds crossed: " + String.join("; ", crossed));
            return ExitStatus.DIFF_THRESHOLD;
        }
        return ExitStatus.OK;
    }

    /** Scores the input under one side's options (a host of its own, started and shut down here). */
    private List<RewardRecord> scoreSide(String side, RuntimeOptions options, ScoringSides s, Path out) throws Exception {
        long t0 = System.nanoTime();
        Path rejects = DataFiles.rejectsBeside(out.toString());
        log(side + ": policy " + options.policy() + (options.deploy() == null ? "" : "; deploy " + options.deploy()));
        try (RewireRuntime runtime = RewireRuntime.start(options, message -> log(side + ": " + message));
             InputRecords reader = DataFiles.openRecords(s.in());
             RecordSink writer = DataFiles.createRecords(out.toString(), data);
             RejectSink sink = new RejectSink(rejects, message -> log(side + ": " + message), 0, reader.unit())) {
            RunSummary run = new ScoreRun(runtime.injector().getInstance(BatchPipeline.class), s.batchSize(), 0, null)
                    .run(reader, writer, sink, new Progress(null, -1), t0, runtime.startSeconds());
            log(side + ": " + run.describe());
            if (run.blockedBy() != null) {
                log(side + ": stopped: " + run.blockedBy() + "; the diff covers the batches before it");
            }
        }
        return ScoredRecords.read(out, this::log);
    }

    /** The diff's headline figures as terminal lines. */
    public static String describe(DiffSummary s) {
        DiffSummary.RewardFigures r = s.reward();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "diff: %d samples compared; mean reward %.4f -> %.4f (shift %+.4f); advantage sign flips %d (%.2f%%); "
                        + "best sample changed in %d of %d groups; mean |rank shift| %.4f; mean Kendall tau %.4f",
                s.samplesCompared(), r.meanBase(), r.meanCandidate(), r.meanShift(), r.signFlips(),
                100 * r.signFlipRate(), s.ranks().argmaxChanged(), s.ranks().groups(), s.ranks().meanAbsRankShift(),
                s.ranks().meanKendallTau()));
        s.domains().forEach((d, f) -> b.append(String.format(Locale.ROOT, "%n  domain %-10s %6d samples  shift %+.4f"
                + "  sign flips %d", d, f.reward().samples(), f.reward().meanShift(), f.reward().signFlips())));
        s.terms().forEach((t, f) -> {
            if (f.meanWeightShift() != 0 || f.meanContributionShift() != 0) {
                b.append(String.format(Locale.ROOT, "%n  term   %-16s weight %.4f -> %.4f  contribution %+.4f", t,
                        f.meanWeightBase(), f.meanWeightCandidate(), f.meanContributionShift()));
            }
        });
        if (s.onlyInBase() + s.onlyInCandidate() > 0) {
            b.append(String.format(Locale.ROOT, "%n  %d samples only in the base, %d only in the candidate (left out)",
                    s.onlyInBase(), s.onlyInCandidate()));
        }
        return b.toString();
    }

    private void log(String message) {
        err.println("rewire: " + message);
    }

    private static void deleteTree(Path folder) throws IOException {
        try (var paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
