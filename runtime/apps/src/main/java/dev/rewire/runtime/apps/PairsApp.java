package dev.rewire.runtime.apps;

import dev.rewire.framework.json.PairCodec;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.runtime.engine.FilterStage;
import dev.rewire.runtime.engine.pairs.DesignReport;
import dev.rewire.runtime.engine.pairs.PairPipeline;
import dev.rewire.runtime.engine.pairs.PairsResult;
import dev.rewire.runtime.engine.pairs.Recovery;
import dev.rewire.runtime.host.RewireRuntime;
import dev.rewire.runtime.host.RuntimeOptions;
import dev.rewire.runtime.io.DataFiles;
import dev.rewire.runtime.io.DatasetWriter;
import dev.rewire.runtime.io.DecodedLine;
import dev.rewire.runtime.io.DuplicateIds;
import dev.rewire.runtime.io.InputRecords;
import dev.rewire.runtime.io.JsonlReader;
import dev.rewire.runtime.io.RejectSink;
import dev.rewire.runtime.io.RowSink;
import dev.rewire.runtime.pages.Page;
import dev.rewire.runtime.pages.PairsReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code rewire pairs} without the command line: reads preference pairs (rejecting bad lines), runs
 * the filters and the annotator model over them, and writes the weighted dataset, the report and
 * (given planted types) the recovery table. One run per call; not thread-safe.
 */
public final class PairsApp {

    /**
     * What to weight and where its outputs go.
     *
     * @param in      the pairs; null for stdin
     * @param out     the dataset's file, or "-" for the data stream
     * @param truth   planted signal types to measure recovery against, or null
     * @param writer  the dataset's format, filtering and sampling
     * @param rejects where rejected lines go, or null for beside {@code out}
     */
    public record Request(RuntimeOptions host, Path in, String out, Path report, Path reportJson, Path truth,
                          DatasetWriter writer, Path rejects) {

        public Request {
            if (truth != null && !Files.isRegularFile(truth)) {
                throw new IllegalArgumentException("--truth " + truth + ": no such file");
            }
        }
    }

    private final PrintStream data;
    private final PrintStream err;

    public PairsApp(PrintStream data, PrintStream err) {
        this.data = data;
        this.err = err;
    }

    public int run(Request r) throws Exception {
        Path rejectsPath = r.rejects() != null ? r.rejects() : DataFiles.rejectsBeside(r.out());
        // the options themselves are checked by the command line; the default beside --out is derived here
        DataFiles.refuseOverwrite("--rejects", rejectsPath.toString(), r.in());
        RejectSink.probe("--rejects", rejectsPath);
        List<PreferencePair> pairs = new ArrayList<>();
        long rejected = read(r.in(), rejectsPath, pairs);
        try (RewireRuntime runtime = RewireRuntime.start(r.host(), err::println)) {
            FilterStage filters = new FilterStage(runtime.services().filters(), runtime.calls(),
                    r.host().limits().termTimeout(), err::println);
            PairsResult result = new PairPipeline(filters, runtime.policy().current()).run(pairs);
            DatasetWriter.Summary written;
            try (RowSink rows = DataFiles.createRows(r.out(), data, r.writer().parquetSchema())) {
                written = r.writer().write(result.pairs(), rows);
            }
            Recovery recovery = r.truth() == null ? null : Recovery.of(r.truth(), result.pairs());
            writeReports(r, result, recovery);
            err.print(result.design().text());
            tellDropped(r, written);
            long weighted = result.pairs().stream().filter(p -> p.weight() > 0).count();
            err.println("rewire: " + pairs.size() + " pairs in, " + written.written() + " written (" + weighted
                    + " with weight > 0), " + rejected + " rejected; signals by verdict "
                    + DesignReport.counts(result.verdicts())
                    + "; Krippendorff alpha all " + Page.decimals(result.agreement().get("krippendorff_alpha_all"), 3) + ", genuine "
                    + Page.decimals(result.agreement().get("krippendorff_alpha_genuine"), 3));
            if (recovery != null) {
                err.print(recovery.table());
            }
            if (rejected > 0) {
                err.println("rewire: rejected records are in " + rejectsPath);
            }
            return rejected > 0 ? ExitStatus.REJECTED : ExitStatus.OK;
        }
    }

    /** Reads every pair (pairs reads its whole input anyway, so every duplicate id is found); returns the rejected count. */
    private long read(Path in, Path rejectsPath, List<PreferencePair> pairs) throws IOException {
        try (InputRecords reader = DataFiles.openRecords(in);
             RejectSink sink = new RejectSink(rejectsPath, err::println, 0, reader.unit())) {
            JsonlReader<PreferencePair> lines = new JsonlReader<>(reader, (line, n) -> PairCodec.decode(line),
                    PreferencePair::id, 0);
            DuplicateIds duplicates = new DuplicateIds(Integer.MAX_VALUE);
            while (lines.hasNext()) {
                DecodedLine<PreferencePair> line = duplicates.check(lines.next());
                if (line.rejected()) {
                    sink.reject(line);
                } else {
                    pairs.add(line.value());
                }
            }
            return sink.count();
        }
    }

    private void writeReports(Request r, PairsResult result, Recovery recovery) throws IOException {
        Map<String, Object> json = PairsReport.data(result, recovery);
        if (r.reportJson() != null) {
            PairsReport.writeJson(json, r.reportJson());
        }
        if (r.report() != null) {
            PairsReport.writeHtml(result, recovery, r.report());
            err.println("rewire: report in " + r.report());
        }
    }

    private void tellDropped(Request r, DatasetWriter.Summary written) {
        if (written.droppedUnweighted() > 0) {
            err.println("rewire: " + written.droppedUnweighted() + " pairs of weight 0 left out of the "
                    + r.writer().format().optionName() + " dataset (TRL reads no weight, so they would train at full strength; "
                    + "--keep-unweighted keeps them)");
        }
        if (written.droppedBelowMin() > 0) {
            err.println("rewire: " + written.droppedBelowMin() + " pairs weighted under --min-weight "
                    + r.writer().minWeight() + " left out");
        }
        if (written.droppedBySampling() > 0) {
            err.println("rewire: " + written.droppedBySampling() + " pairs left out by --sample-by-weight");
        }
    }

}
