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
 * A file of {@code rewire score} output or of evaluation records, grouped back into its batches.
 * Evaluation records that name no batch are placed in consecutive batches of a given size, in the
 * order they come. Lines that cannot be read are reported with their line number and left out;
 * the rest is checked.
 */
public final class ScoredFile {

    private final Map<Long, List<ScoredSample>> batches = new LinkedHashMap<>();
    private long rejected;
    private String firstProblem;

    /**
     * @param batchSize how many evaluation records without a {@code batch} field make one batch
     */
    public static ScoredFile read(BufferedReader in, int batchSize, Consumer<String> log) throws IOException {
        ScoredFile f = new ScoredFile();
        String line;
        long number = 0;
        long unbatched = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                ScoredRecordReader.Scored s = ScoredRecordReader.read(line);
                long batch = s.batch() != null ? s.batch() : unbatched++ / batchSize;
                f.batches.computeIfAbsent(batch, b -> new ArrayList<>()).add(s.sample());
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
