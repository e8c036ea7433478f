package dev.rewire.runtime.cli;

import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.apps.PairsApp;
import dev.rewire.runtime.io.DataFiles;
import dev.rewire.runtime.io.DatasetWriter;
import java.nio.file.Path;
import java.util.Random;
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
    @Option(names = "--in", required = true, paramLabel = "FILE|-", description = "Preference pairs (JSONL or Parquet); - for stdin (JSONL).")
    String in;

    @FileRole(FileRole.Kind.WRITTEN)
    @Option(names = "--out", required = true, paramLabel = "FILE|-", description = "The weighted dataset (JSONL; FILE.parquet writes Parquet); - for stdout.")
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
        if (sampleSeed != null && resampleSeed != null) {
            throw new IllegalArgumentException("--sample-by-weight and --resample-by-weight: choose one");
        }
        DatasetWriter.Sampling sampling = sampleSeed != null ? DatasetWriter.Sampling.THIN
                : resampleSeed != null ? DatasetWriter.Sampling.RESAMPLE : DatasetWriter.Sampling.NONE;
        Long seed = sampleSeed != null ? sampleSeed : resampleSeed;
        DatasetWriter writer = new DatasetWriter(DatasetWriter.Format.ofOption(format), minWeight, keepUnweighted,
                sampling, seed == null ? null : new Random(seed), DatasetWriter.Template.ofOption(template),
                separator.replace("\\n", "\n").replace("\\t", "\t"));
        PairsApp.Request request = new PairsApp.Request(host.resolve(ScoringOptions.DEFAULT), DataFiles.input("--in", in),
                out, report, json, truth, writer, rejects);
        return new PairsApp(parent.data, System.err).run(request);
    }
}
