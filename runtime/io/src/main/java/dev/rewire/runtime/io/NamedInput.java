package dev.rewire.runtime.io;

import java.io.FilterInputStream;
import java.io.InputStream;

/**
 * An input's bytes with the name of its file, so that what goes wrong while reading it (a gzip
 * stream cut short, another encoding) is told naming the file: {@link Utf8Lines} reads the name.
 * {@link DataFiles#open} names every file it opens. Not thread safe, as the stream it wraps.
 */
public final class NamedInput extends FilterInputStream {

    private final String name;

    public NamedInput(String name, InputStream in) {
        super(in);
        this.name = name;
    }

    /** How messages name the input: its path as the user gave it. */
    public String name() {
        return name;
    }
}
