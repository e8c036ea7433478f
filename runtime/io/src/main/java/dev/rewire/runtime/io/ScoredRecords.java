package dev.rewire.runtime.io;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.runtime.io.ScoredRecordReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A file of {@code rewire score} output read back as {@link RewardRecord}s, whole (a diff pairs
 * records across the two files by id). A line that is not a reward record is reported with its line
 * (or Parquet row) number and left out; a file where no record is one is an error.
 */
public final class ScoredRecords {

    private ScoredRecords() {
    }

    public static List<RewardRecord> read(Path file, Consumer<String> log) throws IOException {
        List<RewardRecord> records = new ArrayList<>();
        String firstProblem;
        try (InputRecords in = DataFiles.openRecords(file)) {
            ScoredLines<RewardRecord> lines = new ScoredLines<>(in, file + " ", log, ScoredRecordReader::scoreRecord);
            RewardRecord record;
            while ((record = lines.next()) != null) {
                records.add(record);
            }
            firstProblem = lines.firstProblem();
        }
        if (records.isEmpty() && firstProblem != null) {
            throw new IllegalArgumentException("no reward record in " + file + " (" + firstProblem + ")");
        }
        return records;
    }
}
