package dev.rewire.runtime.cli;

import dev.rewire.runtime.engine.pairs.DesignReport;

import dev.rewire.framework.json.PairCodec;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.host.RewireRuntime;
import dev.rewire.runtime.host.RuntimeOptions;
import dev.rewire.runtime.io.DatasetWriter;
import dev.rewire.runtime.engine.pairs.PairPipeline;
import dev.rewire.runtime.pages.PairsReport;
import dev.rewire.runtime.engine.pairs.PairsResult;
import dev.rewire.runtime.engine.pairs.Recovery;
import dev.rewire.runtime.host.BundleCalls;
import dev.rewire.runtime.io.DecodedLine;
import dev.rewire.runtime.io.DuplicateIds;
import dev.rewire.runtime.engine.FilterStage;
import dev.rewire.runtime.io.JsonlReader;
import dev.rewire.runtime.io.RejectSink;
import dev.rewire.runtime.host.Services;
import dev.rewire.runtime.host.policy.PolicyEngine;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rewire pairs}: preference pairs in, a weighted preference dataset out. */
@Command(name = "pairs", mixinStandardHelpOptions = true,
        description = {"Separates genuine preferences from noise in preference pairs and writes a weighted dataset: "
                + "prompt, chosen, rejected, margin (the columns TRL's RewardTrainer reads) plus weight, p_chosen, "
                + "verdict, each annotator's classification with its posterior, evidence, reasons and rule, and "
                + "provenance. --format trl-reward or trl-dpo writes only the columns TRL reads (conversational by "
                + "default) and leaves out pairs of weight 0, since TRL reads no weight; --min-weight drops more, "
                + "--sample-by-weight thins and --resample-by-weight resamples them by weight. A design report "
                + "(what the design can identify) comes first on stderr.",
                "Exit status: 0 ok; 1 failure; 2 usage; 3 some records rejected (all valid ones processed)."})
final class PairsCommand implements Callable<Integer> {

    @ParentCommand
    RewireCommand parent;

    @Mixin
    HostOptions host;

    @FileRole(FileRole.Kind.READ)
    @Option(names = "--in", required = true, paramLabel = "FILE|-", description = "Preference pairs (JSONL); - for stdin.")
    String in;

    @FileRole(FileRole.Kind.WRITTEN)
    @Option(names = "--out", required = true, paramLabel = "FILE|-", description = "The weighted dataset (JSONL); - for stdout.")
    String out;

    @FileRole(FileRole.Kind.WRITTEN)
    @Option(names = "--report", paramLabel = "FILE.html", description = "Per-annotator table and verdict chart, one HTML page.")
    Path report;

    @FileRole(FileRole.Kind.WRITTEN)
    @FormerNames("--json")
    @Option(names = {"--report-json", "--json"}, paramLabel = "FILE.json",
            description = "The report's data as JSON. --json: its former name.")
    Path json;

    @FileRole(FileRole.Kind.READ)
    @Option(names = "--truth", paramLabel = "FILE",
            description = "Planted signal types ({\"pair\": ..., \"annotator\": ..., \"type\": ..., optional "
                    + "\"design\": ...} lines): print precision and recall per type (and per design).")
    Path truth;

    @Option(names = "--format", paramLabel = "rewire|trl-reward|trl-dpo", defaultValue = "rewire",
            description = "Columns of --out: everything (rewire, default); prompt, chosen, rejected, margin "
                    + "(trl-reward: TRL's RewardTrainer); prompt, chosen, rejected (trl-dpo: TRL's DPOTrainer).")
    String format;

    @Option(names = "--min-weight", paramLabel = "W", defaultValue = "0",
            description = "Leave out pairs weighted below W (default 0). With --format trl-reward or trl-dpo, pairs "
                    + "of weight 0 are left out anyway (TRL reads no weight: they would train at full strength).")
    double minWeight;

    @Option(names = "--keep-unweighted",
            description = "With --format trl-reward or trl-dpo, keep pairs of weight 0.")
    boolean keepUnweighted;

    @Option(names = "--sample-by-weight", paramLabel = "SEED",
            description = "Keep each pair with probability equal to its weight, drawn with this seed.")
    Long sampleSeed;

    @Option(names = "--resample-by-weight", paramLabel = "SEED",
            description = "Write as many rows as there are pairs left, drawn with replacement in proportion to their "
                    + "weights with this seed: each pair's expected count is its weight over the mean weight.")
    Long resampleSeed;

    @Option(names = "--template", paramLabel = "chat|plain", defaultValue = "chat",
            description = "TRL formats: chat (default: prompt a user message, responses assistant messages; TRL "
                    + "applies the tokenizer's chat template) or plain (strings, the prompt ending with --separator; \\n and \\t are read as newline and tab).")
    String template;

    @Option(names = "--separator", paramLabel = "TEXT", defaultValue = "\n\n",
            description = "With --template plain, what ends the prompt (TRL joins prompt and response as they are). "
                    + "Default: a blank line.")
    String separator;

    @FileRole(FileRole.Kind.WRITTEN)
    @Option(names = "--rejects", paramLabel = "FILE",
            description = "Where rejected lines go. Default: next to --out (NAME.rejects.jsonl).")
    Path rejects;

    @Override
    public Integer call() throws Exception {
        Path inPath = DataFiles.input("--in", in);
        if (truth != null && !Files.isRegularFile(truth)) {
            throw new IllegalArgumentException("--truth " + truth + ": no such file");
        }
        if (sampleSeed != null && resampleSeed != null) {
            throw new IllegalArgumentException("--sample-by-weight and --resample-by-weight: choose one");
        }
        DatasetWriter.Sampling sampling = sampleSeed != null ? DatasetWriter.Sampling.THIN
                : resampleSeed != null ? DatasetWriter.Sampling.RESAMPLE : DatasetWriter.Sampling.NONE;
        Long seed = sampleSeed != null ? sampleSeed : resampleSeed;
        DatasetWriter writer = new DatasetWriter(format(format), minWeight, keepUnweighted, sampling,
                seed == null ? null : new java.util.Random(seed), template(template),
                separator.replace("\\n", "\n").replace("\\t", "\t"));
        Path rejectsPath = rejects != null ? rejects : DataFiles.rejectsBeside(out);
        // the options themselves are checked by FileRoles; the default beside --out is derived here
        DataFiles.refuseOverwrite("--rejects", rejectsPath.toString(), inPath);
        RejectSink.probe("--rejects", rejectsPath);
        List<PreferencePair> pairs = new ArrayList<>();
        long rejected;
        try (InputStream reader = DataFiles.open(inPath);
             RejectSink sink = new RejectSink(rejectsPath, System.err::println)) {
            JsonlReader<PreferencePair> lines = new JsonlReader<>(reader, (line, n) -> PairCodec.decode(line), PreferencePair::id);
            // pairs reads its whole input anyway, so every duplicate is found
            DuplicateIds duplicates = new DuplicateIds(Integer.MAX_VALUE);
            while (lines.hasNext()) {
                DecodedLine<PreferencePair> line = duplicates.check(lines.next());
                if (line.rejected()) {
                    sink.reject(line);
                } else {
                    pairs.add(line.value());
                }
            }
            rejected = sink.count();
        }
        RuntimeOptions options = host.resolve(ScoringOptions.DEFAULT);
        try (RewireRuntime runtime = RewireRuntime.start(options, System.err::println)) {
            FilterStage filters = new FilterStage(runtime.services().filters(), runtime.calls(),
                    options.limits().termTimeout(), System.err::println);
            PairsResult result = new PairPipeline(filters, runtime.policy().current())
                    .run(pairs);
            DatasetWriter.Summary written;
            try (Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(DataFiles.create(out, parent.data),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                written = writer.write(result.pairs(), w);
            }
            Recovery recovery = truth == null ? null : Recovery.of(truth, result.pairs());
            Map<String, Object> data = PairsReport.data(result, recovery);
            if (json != null) {
                PairsReport.writeJson(data, json);
            }
            if (report != null) {
                PairsReport.writeHtml(result, recovery, report);
                System.err.println("rewire: report in " + report);
            }
            System.err.print(result.design().text());
            long weighted = result.pairs().stream().filter(p -> p.weight() > 0).count();
            if (written.droppedUnweighted() > 0) {
                System.err.println("rewire: " + written.droppedUnweighted() + " pairs of weight 0 left out of the "
                        + format + " dataset (TRL reads no weight, so they would train at full strength; "
                        + "--keep-unweighted keeps them)");
            }
            if (written.droppedBelowMin() > 0) {
                System.err.println("rewire: " + written.droppedBelowMin() + " pairs weighted under --min-weight "
                        + minWeight + " left out");
            }
            if (written.droppedBySampling() > 0) {
                System.err.println("rewire: " + written.droppedBySampling() + " pairs left out by --sample-by-weight");
            }
            System.err.println("rewire: " + pairs.size() + " pairs in, " + written.written() + " written (" + weighted
                    + " with weight > 0), " + rejected + " rejected; signals by verdict "
                    + DesignReport.counts(result.verdicts())
                    + "; Krippendorff alpha all " + fmt(result.agreement().get("krippendorff_alpha_all")) + ", genuine "
                    + fmt(result.agreement().get("krippendorff_alpha_genuine")));
            if (recovery != null) {
                System.err.print(recovery.table());
            }
            if (rejected > 0) {
                System.err.println("rewire: rejected records are in " + rejectsPath);
            }
            return rejected > 0 ? ExitCodes.REJECTED : ExitCodes.OK;
        }
    }

    private static DatasetWriter.Format format(String name) {
        return switch (name) {
            case "rewire" -> DatasetWriter.Format.REWIRE;
            case "trl-reward" -> DatasetWriter.Format.TRL_REWARD;
            case "trl-dpo" -> DatasetWriter.Format.TRL_DPO;
            default -> throw new IllegalArgumentException("--format must be rewire, trl-reward or trl-dpo, got " + name);
        };
    }

    private static DatasetWriter.Template template(String name) {
        return switch (name) {
            case "chat" -> DatasetWriter.Template.CHAT;
            case "plain" -> DatasetWriter.Template.PLAIN;
            default -> throw new IllegalArgumentException("--template must be chat or plain, got " + name);
        };
    }

    private static String fmt(Double v) {
        return v == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.3f", v);
    }
}
