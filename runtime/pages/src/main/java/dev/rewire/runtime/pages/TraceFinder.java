package dev.rewire.runtime.pages;

import dev.rewire.runtime.io.ScoredLines;
import dev.rewire.runtime.io.ScoredRecordReader;

import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.io.InputRecords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds one sample in a file of {@code rewire score} output and reads its trace. The file is read
 * once, holding one batch's rewards at a time (score writes batch after batch), so a file of any
 * size is searched in bounded memory. Unreadable lines (or Parquet rows) are reported by number and skipped.
 */
public final class TraceFinder {

    private TraceFinder() {
    }

    /** The sample's trace, or null when no readable line carries the id. */
    public static SampleTrace find(InputRecords in, String id, ScoringOptions options, Consumer<String> log)
            throws IOException {
        Map<String, List<Double>> groupsOfBatch = new HashMap<>();
        long batch = Long.MIN_VALUE;
        dev.rewire.framework.record.RewardRecord found = null;
        long foundLine = 0;
        long foundBatch = 0;
        String foundPrompt = null;
        ScoredLines<ScoredRecordReader.Scored> lines = new ScoredLines<>(in, "", log, ScoredRecordReader::read);
        ScoredRecordReader.Scored s;
        while ((s = lines.next()) != null) {
            if (s.batch() != batch) {
                if (found != null) {
                    break; // the found sample's batch is complete
                }
                groupsOfBatch.clear();
                batch = s.batch();
            }
            groupsOfBatch.computeIfAbsent(s.sample().promptId(), p -> new ArrayList<>()).add(s.sample().reward());
            if (found == null && s.sample().id().equals(id)) {
                found = s.record();
                foundLine = lines.number();
                foundBatch = s.batch();
                foundPrompt = s.sample().promptId();
            }
        }
        if (found == null) {
            return null;
        }
        assert foundBatch == batch;
        return SampleTrace.of(found, foundLine, groupsOfBatch.get(foundPrompt), options);
    }
}
