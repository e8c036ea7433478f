package dev.rewire.runtime.cli;

import dev.rewire.runtime.apps.DiffApp;
import dev.rewire.runtime.engine.diff.FailIf;
import dev.rewire.runtime.host.RuntimeOptions;
import dev.rewire.runtime.io.DataFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        DiffApp.Sides sides;
        if (source.scored != null) {
            if (candidatePolicy != null || candidateDeploy != null) {
                throw new IllegalArgumentException("--scored compares two scored files: --candidate-policy and "
                        + "--candidate-deploy apply to --in");
            }
            sides = new DiffApp.ScoredSides(DataFiles.input("--scored", source.scored.get(0).toString()),
                    DataFiles.input("--scored", source.scored.get(1).toString()));
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
            sides = new DiffApp.ScoringSides(in, baseOptions, candidateOptions, batchSize, keepScored);
        }
        return new DiffApp(parent.data, System.err).run(new DiffApp.Request(sides, html, json, top, thresholds));
    }
}
