package dev.rewire.runtime.io;

import dev.rewire.framework.record.RewardRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Records as JSON lines ({@link RecordEncoder}), each batch flushed once written, so that the
 * output ends at a batch boundary whenever the process stops between two batches (what a
 * checkpoint counts on). Not thread safe.
 */
public final class JsonlRecordSink implements RecordSink {

    private final OutputStream out;
    private final RecordEncoder encoder = new RecordEncoder();

    /** @param out the output, closed with this sink */
    public JsonlRecordSink(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(List<RewardRecord> batch) throws IOException {
        encoder.encodeTo(batch, out);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
