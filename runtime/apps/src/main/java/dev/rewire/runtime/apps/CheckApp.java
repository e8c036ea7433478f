package dev.rewire.runtime.apps;

import dev.rewire.framework.spi.CheckStatus;
import dev.rewire.runtime.engine.CheckWindow;
import dev.rewire.runtime.host.RewireRuntime;
import dev.rewire.runtime.host.RuntimeOptions;
import dev.rewire.runtime.host.Services;
import dev.rewire.runtime.io.DataFiles;
import dev.rewire.runtime.io.ScoredFile;
import dev.rewire.runtime.io.InputRecords;
import dev.rewire.runtime.pages.HtmlReport;
import dev.rewire.runtime.pages.Report;
import dev.rewire.runtime.pages.ReportCollector;
import dev.rewire.runtime.pages.ReportJson;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code rewire check} without the command line: runs the deployed checks over scored or
 * evaluation records, batch by batch as the file holds them, then over the whole run, compares with
 * a baseline report, and writes the report. One run per call; not thread-safe.
 */
public final class CheckApp {

    /**
     * What to check.
     *
     * @param in              the records; null for stdin
     * @param batchSize       records that name no batch are checked in batches of this many, in file order
     * @param baseline        a previous report's JSON to compare with, or null
     * @param runCheckTimeout the deadline of one check over the whole run
     */
    public record Request(RuntimeOptions host, Path in, int batchSize, Path report, Path reportJson, Path baseline,
                          Duration runCheckTimeout) {

        public Request {
            if (baseline != null && !Files.isRegularFile(baseline)) {
                throw new IllegalArgumentException("--baseline " + baseline + ": no such file");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("--batch-size must be at least 1, not " + batchSize);
            }
        }
    }

    private final PrintStream err;

    public CheckApp(PrintStream err) {
        this.err = err;
    }

    public int run(Request r) throws Exception {
        String source = r.in() == null ? "stdin" : r.in().toString();
        RuntimeOptions options = r.host();
        try (RewireRuntime runtime = RewireRuntime.start(options, err::println);
             InputRecords reader = DataFiles.openRecords(r.in())) {
            Services services = runtime.services();
            // the same check stage as score: each check isolated, under the deadline, window = one batch
            CheckWindow checks = new CheckWindow(services.checks(), runtime.calls(),
                    options.limits().termTimeout(), 1, options.limits().minCheckSamples(), err::println);
            ReportCollector collector = new ReportCollector(options.scoring(), options.limits().minCheckSamples());
            // batch by batch as the file holds them: memory bounded by one batch and the report's summaries
            ScoredFile file = ScoredFile.read(reader, r.batchSize(), m -> err.println("rewire: " + m), batch -> collector.add(
                    batch.batch(), checks.add(batch.batch(), batch.samples()), batch.samples(), batch.records()));
            if (file.batches() == 0) {
                throw new IllegalArgumentException(source + " holds no record to check"
                        + (file.firstProblem() == null ? " (it is empty)" : "; " + file.firstProblem()));
            }
            if (file.rejected() > 0) {
                err.println("rewire: " + file.rejected() + " " + reader.unit() + "(s) of " + source + " could not be read and "
                        + "were left out (first: " + file.firstProblem() + ")");
            }
            CheckWindow totals = CheckWindow.wholeRun(services.checks(), runtime.calls(),
                    r.runCheckTimeout(), options.limits().minCheckSamples(), err::println);
            Report report = collector.finish(totals, r.baseline() == null ? null : r.baseline().toString(),
                    r.baseline() == null ? null : ReportJson.read(r.baseline()));
            report.overall().forEach((id, c) -> err.println("rewire: " + id + " " + c.status() + ": " + c.message()));
            if (report.baseline() != null) {
                report.baseline().flags().forEach(f -> err.println("rewire: regression against the baseline: " + f));
            }
            if (r.report() != null) {
                HtmlReport.write(report, r.report());
                err.println("rewire: report in " + r.report());
            }
            if (r.reportJson() != null) {
                ReportJson.write(report, r.reportJson());
            }
            boolean failed = report.overall().values().stream().anyMatch(c -> c.status() == CheckStatus.FAIL)
                    || (report.baseline() != null && !report.baseline().flags().isEmpty());
            return failed ? ExitStatus.CHECK_FAILED : file.rejected() > 0 ? ExitStatus.REJECTED : ExitStatus.OK;
        }
    }
}
