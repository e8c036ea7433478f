package dev.rewire.runtime.cli;

import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.apps.CheckApp;
import dev.rewire.runtime.io.DataFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;



import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rewire check}: a scored file in, a check report out (every deployed check's). */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Runs every deployed check over a file of rewire score output, batch by batch as it was "
                + "scored and over the whole run, and writes a report.",
                "Exit status: 0 every check passed or warned; 1 failure; 2 usage, or input in neither format; 3 some "
                        + "lines could not be read (the rest was checked); 5 a check failed over the whole run, "
                        + "or the comparison with --baseline found a regression (U-Sophistry rise, ECE rise)."})
final class CheckCommand implements Callable<Integer> {

    @Mixin
    HostOptions host;

    @FileRole(FileRole.Kind.READ)
    @Option(names = "--in", required = true, paramLabel = "FILE|-", description = {"rewire score output, or evaluation "
            + "records (id, confidence, correct; optional domain, source, approved, length, reward, prompt_id, batch), "
            + "JSONL or Parquet; - for stdin (JSONL)."})
    String in;

    @Option(names = "--batch-size", defaultValue = "256", paramLabel = "N", description = "Evaluation records that name "
            + "no batch are checked in batches of N, in file order (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @FileRole(FileRole.Kind.WRITTEN)
    @Option(names = "--report", paramLabel = "FILE.html", description = "The report as one self-contained HTML page.")
    Path report;

    @FileRole(FileRole.Kind.WRITTEN)
    @FormerNames("--json")
    @Option(names = {"--report-json", "--json"}, paramLabel = "FILE.json",
            description = "The report's numbers as JSON (usable as a baseline). --json: its former name.")
    Path json;

    @FileRole(FileRole.Kind.READ)
    @Option(names = "--baseline", paramLabel = "FILE.json", description = "A previous report's JSON to compare with.")
    Path baseline;

    @Override
    public Integer call() throws Exception {
        CheckApp.Request request = new CheckApp.Request(host.resolve(ScoringOptions.DEFAULT), DataFiles.input("--in", in),
                batchSize, report, json, baseline, host.runCheckTimeout());
        return new CheckApp(System.err).run(request);
    }
}
