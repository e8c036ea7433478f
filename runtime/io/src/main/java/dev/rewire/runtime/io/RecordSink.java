package dev.rewire.runtime.io;

import dev.rewire.framework.record.RewardRecord;
import java.io.IOException;
import java.util.List;

/**
 * Where {@code rewire score}'s records go, a batch at a time: {@link JsonlRecordSink} (JSON lines,
 * each batch flushed whole) or {@link ParquetRecordSink} (Parquet rows). {@link DataFiles#createRecords}
 * picks one by the output's name. Called from one thread, {@link BatchWriter}'s.
 */
public interface RecordSink extends AutoCloseable {

    /** Writes the batch's records, and hands them on as far as the format allows (JSONL: flushed). */
    void write(List<RewardRecord> batch) throws IOException;

    @Override
    void close() throws IOException;
}
