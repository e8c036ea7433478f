package dev.rewire.runtime.io;

import dev.rewire.framework.json.RewireJson;
import java.io.IOException;
import java.io.Writer;

/** Rows as JSON lines: each row one line, written by Rewire's mapper. Not thread safe. */
public final class JsonlRowSink implements RowSink {

    private final Writer out;

    /** @param out the output, closed with this sink */
    public JsonlRowSink(Writer out) {
        this.out = out;
    }

    @Override
    public void write(Object row) throws IOException {
        out.write(RewireJson.mapper().writeValueAsString(row));
        out.write('\n');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
