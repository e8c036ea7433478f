package dev.rewire.runtime.cli;

import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.host.RewireRuntime;
import dev.rewire.runtime.host.RuntimeOptions;
import dev.rewire.runtime.host.BundleCalls;
import dev.rewire.runtime.engine.CheckWindow;
import dev.rewire.runtime.host.Services;
import dev.rewire.runtime.io.Utf8Lines;
import dev.rewire.runtime.pages.HtmlReport;
import dev.rewire.runtime.pages.Report;
import dev.rewire.runtime.pages.ReportCollector;
import dev.rewire.runtime.pages.ReportJson;
import dev.rewire.runtime.io.ScoredFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rewire check}: a scored file in, a calibration report out. */
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
            + "JSONL; - for stdin."})
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
        Path inPath = DataFiles.input("--in", in);
        if (baseline != null && !Files.isRegularFile(baseline)) {
            throw new IllegalArgumentException("--baseline " + baseline + ": no such file");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, not " + batchSize);
        }
        String source = inPath == null ? "stdin" : inPath.toString();
        RuntimeOptions options = host.resolve(ScoringOptions.DEFAULT);
        try (RewireRuntime runtime = RewireRuntime.start(options, System.err::println);
             Utf8Lines reader = DataFiles.openLines(inPath)) {
            Services services = runtime.services();
            // the same check stage as score: each check isolated, under the deadline, window = one batch
            CheckWindow checks = new CheckWindow(services.checks(), runtime.calls(),
                    options.limits().termTimeout(), 1, options.limits().minCheckSamples(), System.err::println);
            ReportCollector collector = new ReportCollector(ScoringOptions.DEFAULT, options.limits().minCheckSamples());
            // batch by batch as the file holds them: memory bounded by one batch and the report's summaries
            ScoredFile file = ScoredFile.read(reader, batchSize, m -> System.err.println("rewire: " + m), batch -> collector.add(
                    batch.batch(), checks.add(batch.batch(), batch.samples()), batch.samples(), batch.records()));
            if (file.batches() == 0) {
                throw new IllegalArgumentException(source + " holds no record to check"
                        + (file.firstProblem() == null ? " (it is empty)" : "; " + file.firstProblem()));
            }
            if (file.rejected() > 0) {
                System.err.println("rewire: " + file.rejected() + " line(s) of " + source + " could not be read and "
                        + "were left out (first: " + file.firstProblem() + ")");
            }
            CheckWindow totals = CheckWindow.wholeRun(services.checks(), runtime.calls(),
                    host.runCheckTimeout(), options.limits().minCheckSamples(), System.err::println);
            Report r = collector.finish(totals, baseline == null ? null : baseline.toString(),
                    baseline == null ? null : ReportJson.read(baseline));
            r.overall().forEach((id, c) -> System.err.println("rewire: " + id + " " + c.status() + ": " + c.message()));
            if (r.baseline() != null) {
                r.baseline().flags().forEach(f -> System.err.println("rewire: regression against the baseline: " + f));
            }
            if (report != null) {
                HtmlReport.write(r, report);
                System.err.println("rewire: report in " + report);
            }
            if (json != null) {
                ReportJson.write(r, json);
            }
            boolean failed = r.overall().values().stream().anyMatch(c -> c.status() == CheckStatus.FAIL)
                    || (r.baseline() != null && !r.baseline().flags().isEmpty());
            return failed ? ExitCodes.CHECK_FAILED : file.rejected() > 0 ? ExitCodes.REJECTED : ExitCodes.OK;
        }
    }
}
