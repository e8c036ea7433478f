package dev.rewire.runtime.report;

import dev.rewire.framework.spi.ScoredSample;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A file of {@code rewire score} output, grouped back into its batches. Lines that cannot be read
 * are reported with their line number and left out; the rest is checked.
 */
public final class ScoredFile {

    private final Map<Long, List<ScoredSample>> batches = new LinkedHashMap<>();
    private long rejected;
    private String firstProblem;

    public static ScoredFile read(BufferedReader in, Consumer<String> log) throws IOException {
        ScoredFile f = new ScoredFile();
        String line;
        long number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                ScoredRecordReader.Scored s = ScoredRecordReader.read(line);
                f.batches.computeIfAbsent(s.batch(), b -> new ArrayList<>()).add(s.sample());
            } catch (IllegalArgumentException e) {
                f.rejected++;
                if (f.firstProblem == null) {
                    f.firstProblem = "line " + number + ": " + e.getMessage();
                }
                if (f.rejected <= 10) {
                    log.accept("skipped line " + number + ": " + e.getMessage());
                }
            }
        }
        return f;
    }

    public Map<Long, List<ScoredSample>> batches() {
        return batches;
    }

    public long rejected() {
        return rejected;
    }

    /** The first unreadable line and why ("line 1: missing field 'reward' ..."), or null. */
    public String firstProblem() {
        return firstProblem;
    }
}
