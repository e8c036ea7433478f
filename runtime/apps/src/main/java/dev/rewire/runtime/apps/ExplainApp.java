package dev.rewire.runtime.apps;

import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.io.DataFiles;
import dev.rewire.runtime.io.InputRecords;
import dev.rewire.runtime.pages.SampleTrace;
import dev.rewire.runtime.pages.TraceFinder;
import dev.rewire.runtime.pages.TraceText;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code rewire explain} without the command line: finds one sample's record in scored output and
 * prints why its reward is what it is, as text or JSON. Starts no host. One run per call.
 */
public final class ExplainApp {

    /**
     * @param id      the sample id
     * @param in      the scored records; null for stdin
     * @param scoring the normalization the run used (to recompute the group's advantage step by step)
     * @param json    print the trace as JSON instead of text
     */
    public record Request(String id, Path in, ScoringOptions scoring, boolean json) {
    }

    private final PrintStream data;
    private final PrintStream err;

    public ExplainApp(PrintStream data, PrintStream err) {
        this.data = data;
        this.err = err;
    }

    public int run(Request r) throws Exception {
        SampleTrace trace;
        try (InputRecords reader = DataFiles.openRecords(r.in())) {
            trace = TraceFinder.find(reader, r.id(), r.scoring(), m -> err.println("rewire: " + m));
        }
        if (trace == null) {
            throw new IllegalArgumentException("sample \"" + r.id() + "\" is not in " + (r.in() == null ? "stdin" : r.in())
                    + " (no readable record has that id)");
        }
        if (r.json()) {
            data.println(RewireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(trace));
        } else {
            data.print(TraceText.render(trace));
        }
        return ExitStatus.OK;
    }
}
