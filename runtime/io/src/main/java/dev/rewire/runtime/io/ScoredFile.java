package dev.rewire.runtime.io;

import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.spi.ScoredSample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A file of {@code rewire score} output or of evaluation records, read back batch by batch: score
 * writes a batch's records together, so one batch is held at a time whatever the file's size (a
 * batch index seen again after others, as in concatenated files, starts a batch of its own).
 * Evaluation records that name no batch are placed in consecutive batches of a given size, in the
 * order they come. Lines that cannot be read (not UTF-8, not a record) are reported with their
 * line (or Parquet row) number and left out; the rest is checked. Lines are read as {@link Utf8Lines} reads them: a
 * byte order mark, CRLF endings and a lone CR inside a line cost nothing, and line numbers are the
 * file's.
 */
public final class ScoredFile {

    /** One batch's records, as the checks see them and as they were written. */
    public record ScoredBatch(long batch, List<ScoredSample> samples, List<RewardRecord> records) {
    }

    private long rejected;
    private long batches;
    private String firstProblem;

    /**
     * Reads {@code in} to its end, handing each batch to {@code each}.
     *
     * @param batchSize how many evaluation records without a {@code batch} field make one batch
     */
    public static ScoredFile read(InputRecords in, int batchSize, Consumer<String> log, Consumer<ScoredBatch> each)
            throws IOException {
        ScoredFile f = new ScoredFile();
        long[] unbatched = {0};
        ScoredLines<ScoredRecordReader.Scored> lines = new ScoredLines<>(in, "", log,
                line -> ScoredRecordReader.read(line, unbatched[0] / batchSize));
        ScoredBatch current = null;
        ScoredRecordReader.Scored s;
        while ((s = lines.next()) != null) {
            if (s.batchFromPosition()) {
                unbatched[0]++;
            }
            if (current == null || current.batch() != s.batch()) {
                f.hand(current, each);
                current = new ScoredBatch(s.batch(), new ArrayList<>(), new ArrayList<>());
            }
            current.samples().add(s.sample());
            current.records().add(s.record());
        }
        f.hand(current, each);
        f.rejected = lines.skipped();
        f.firstProblem = lines.firstProblem();
        return f;
    }

    private void hand(ScoredBatch batch, Consumer<ScoredBatch> each) {
        if (batch != null) {
            batches++;
            each.accept(batch);
        }
    }

    /** Batches read. */
    public long batches() {
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
