package dev.rewire.runtime.io;

import java.io.IOException;

/**
 * Where a command's output rows go, one at a time: any object Rewire's JSON mapper writes (a record,
 * a map of columns). {@link JsonlRowSink} writes each as a JSON line, {@link ParquetRowWriter} as a
 * Parquet row of its schema. {@link DataFiles#createRows} picks one by the output's name. Not
 * thread safe.
 */
public interface RowSink extends AutoCloseable {

    void write(Object row) throws IOException;

    /** Ends the output (Parquet: writes its footer, without which the file cannot be read). */
    @Override
    void close() throws IOException;
}
