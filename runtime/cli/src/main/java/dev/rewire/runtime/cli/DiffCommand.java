package dev.rewire.runtime.cli;

import dev.rewire.runtime.engine.BatchPipeline;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.runtime.host.RewireRuntime;
import dev.rewire.runtime.host.RuntimeOptions;
import dev.rewire.runtime.pages.DiffHtml;
import dev.rewire.runtime.pages.DiffJson;
import dev.rewire.runtime.engine.diff.DiffSummary;
import dev.rewire.runtime.engine.diff.FailIf;
import dev.rewire.runtime.engine.diff.PolicyDiff;
import dev.rewire.runtime.io.ScoredRecords;
import dev.rewire.runtime.io.Progress;
import dev.rewire.runtime.io.RejectSink;
import dev.rewire.runtime.engine.RunSummary;
import dev.rewire.runtime.apps.ScoreRun;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rewire diff}: how the rewards of the same samples move under a candidate policy or deploy folder. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compares two scorings of the same samples: the base (--policy, --deploy) against a candidate "
                + "(--candidate-policy and/or --candidate-deploy), scoring --in once under each, one after the other; "
                + "or two files already scored (--scored BASE CANDIDATE).",
                "Per domain and per term: the shift in mean reward and mean weight, advantage sign flips, rank "
                        + "changes within prompt groups, and the samples that moved most with both traces.",
                "Exit status: 0 ok; 1 failure; 2 usage; 6 a --fail-if threshold was crossed."})
final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    RewireCommand parent;

    @Mixin
    HostOptions host;

    @Mixin
    ScoringMixin scoring;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @FileRole(FileRole.Kind.READ)
        @Option(names = "--in", paramLabel = "FILE", description = "Samples to score under both sides.")
        Path in;

        @FileRole(FileRole.Kind.READ)
        @Option(names = "--scored", arity = "2", paramLabel = "FILE",
                description = "Two files of rewire score output to compare, base first; paired by sample id.")
        List<Path> scored;
    }

    @Option(names = "--candidate-policy", paramLabel = "DIR", description = "The candidate's policy folder "
            + "(default: the base's).")
    Path candidatePolicy;

    @Option(names = "--candidate-deploy", paramLabel = "DIR", description = "The candidate's hot-deploy folder "
            + "(default: the base's).")
    Path candidateDeploy;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256",
            description = "Samples per batch when scoring (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--keep-scored", paramLabel = "DIR",
            description = "Keep both sides' reward records: DIR/base.jsonl and DIR/candidate.jsonl (default: "
                    + "temporary files, removed).")
    Path keepScored;

    @FileRole(FileRole.Kind.WRITTEN)
    @FormerNames("--html")
    @Option(names = {"--report", "--html"}, paramLabel = "FILE.html",
            description = "Write the diff as a self-contained HTML page. --html: its former name.")
    Path html;

    @FileRole(FileRole.Kind.WRITTEN)
    @FormerNames("--json")
    @Option(names = {"--report-json", "--json"}, paramLabel = "FILE.json|-",
            description = "Write the diff as JSON (- for stdout). --json: its former name.")
    String json;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
            description = "How many of the samples that moved most to list with both traces (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--fail-if", paramLabel = "METRIC>X",
            description = "Exit 6 when the diff crosses this threshold, e.g. 'mean_reward_shift>0.05', "
                    + "'sign_flip_rate>0.02', 'mean_reward_shift[math]>0.1', 'kendall_tau<0.9'. Signed shifts are "
                    + "compared by magnitude. Metrics: mean_reward_shift, mean_abs_reward_delta, "
                    + "max_abs_reward_delta, sign_flips, sign_flip_rate (also per domain), argmax_change_rate, "
                    + "mean_abs_rank_shift, kendall_tau, only_in_base, only_in_candidate. Repeatable.")
    List<String> failIf = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<FailIf> thresholds = failIf.stream().map(FailIf::parse).toList();
        if (top < 0) {
            throw new IllegalArgumentException("--top must be >= 0, got " + top);
        }
        List<RewardRecord> base;
        List<RewardRecord> candidate;
        if (source.scored != null) {
            if (candidatePolicy != null || candidateDeploy != null) {
                throw new IllegalArgumentException("--scored compares two scored files: --candidate-policy and "
                        + "--candidate-deploy apply to --in");
            }
            base = ScoredRecords.read(DataFiles.input("--scored", source.scored.get(0).toString()), this::log);
            candidate = ScoredRecords.read(DataFiles.input("--scored", source.scored.get(1).toString()), this::log);
        } else {
            if (candidatePolicy == null && candidateDeploy == null) {
                throw new IllegalArgumentException("--in needs a candidate: --candidate-policy DIR and/or "
                        + "--candidate-deploy DIR");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
            }
            Path in = DataFiles.input("--in", source.in.toString());
            RuntimeOptions baseOptions = host.resolve(scoring.options());
            if (candidateDeploy != null && !Files.isDirectory(candidateDeploy)) {
                throw new IllegalArgumentException("--candidate-deploy " + candidateDeploy + ": no such folder");
            }
            RuntimeOptions candidateOptions = new RuntimeOptions(baseOptions.home(),
                    candidatePolicy != null ? candidatePolicy : baseOptions.policy(),
                    candidateDeploy != null ? candidateDeploy : baseOptions.deploy(), baseOptions.scoring(),
                    baseOptions.poll(), baseOptions.limits());
            Path folder = keepScored != null ? Files.createDirectories(keepScored)
                    : Files.createTempDirectory("rewire-diff");
            try {
                base = scoreSide("base", baseOptions, in, folder.resolve("base.jsonl"));
                candidate = scoreSide("candidate", candidateOptions, in, folder.resolve("candidate.jsonl"));
            } finally {
                if (keepScored == null) {
                    deleteTree(folder);
                }
            }
        }
        PolicyDiff diff = new PolicyDiff(top);
        diff.compare(base, candidate);
        DiffSummary summary = diff.summary();
        List<String> crossed = FailIf.crossed(thresholds, summary);
        if (html != null) {
            DiffHtml.write(summary, crossed, html);
            log("diff page in " + html);
        }
        if (json != null) {
            try (OutputStream out = DataFiles.create(json, parent.data)) {
                DiffJson.write(summary, crossed, out);
            }
        }
        log(describe(summary));
        if (summary.samplesCompared() == 0) {
            log("no sample is on both sides (ids differ?)");
        }
        if (!crossed.isEmpty()) {
            log("thresholds crossed: " + String.join("; ", crossed));
            return ExitCodes.DIFF_THRESHOLD;
        }
        return ExitCodes.OK;
    }

    /** Scores the input under one side's options (a host of its own, started and shut down here). */
    private List<RewardRecord> scoreSide(String side, RuntimeOptions options, Path in, Path out) throws Exception {
        long t0 = System.nanoTime();
        Path rejects = DataFiles.rejectsBeside(out.toString());
        log(side + ": policy " + options.policy() + (options.deploy() == null ? "" : "; deploy " + options.deploy()));
        try (RewireRuntime runtime = RewireRuntime.start(options, message -> log(side + ": " + message));
             InputStream reader = DataFiles.open(in);
             OutputStream writer = DataFiles.create(out.toString(), parent.data);
             RejectSink sink = new RejectSink(rejects, message -> log(side + ": " + message))) {
            RunSummary run = new ScoreRun(runtime.injector().getInstance(BatchPipeline.class), batchSize, 0, null)
                    .run(reader, writer, sink, new Progress(null, -1), t0, runtime.startSeconds());
            log(side + ": " + run.describe());
            if (run.blockedBy() != null) {
                log(side + ": stopped: " + run.blockedBy() + "; the diff covers the batches before it");
            }
        }
        return ScoredRecords.read(out, this::log);
    }

    static String describe(DiffSummary s) {
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
        System.err.println("rewire: " + message);
    }

    private static void deleteTree(Path folder) throws java.io.IOException {
        try (var paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
