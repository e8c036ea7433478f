package dev.rewire.runtime.io;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.runtime.io.Utf8Lines;
import dev.rewire.runtime.io.ScoredRecordReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A file of {@code rewire score} output read back as {@link RewardRecord}s, whole (a diff pairs
 * records across the two files by id). A line that is not a reward record is reported with its line
 * number and left out; a file where no line is one is an error.
 */
public final class ScoredRecords {

    private ScoredRecords() {
    }

    public static List<RewardRecord> read(Path file, Consumer<String> log) throws IOException {
        List<RewardRecord> records = new ArrayList<>();
        long skipped = 0;
        String firstProblem = null;
        try (Utf8Lines in = new Utf8Lines(DataFiles.open(file))) {
            Utf8Lines.Line read;
            while ((read = in.next()) != null) {
                long number = read.number();
                String line = read.text();
                if (read.error() == null && line.isBlank()) {
                    continue;
                }
                try {
                    if (read.error() != null) {
                        throw new IllegalArgumentException(read.error());
                    }
                    records.add(ScoredRecordReader.scoreRecord(line));
                } catch (IllegalArgumentException e) {
                    skipped++;
                    String problem = file + " line " + number + ": " + e.getMessage();
                    firstProblem = firstProblem == null ? problem : firstProblem;
                    if (skipped <= 10) {
                        log.accept("skipped " + problem);
                    }
                }
            }
        }
        if (records.isEmpty() && firstProblem != null) {
            throw new IllegalArgumentException("no reward record in " + file + " (" + firstProblem + ")");
        }
        if (skipped > 10) {
            log.accept("skipped " + skipped + " lines of " + file + " in all");
        }
        return records;
    }
}
