package dev.rewire.runtime.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.ZipException;

/**
 * Why reading an input stopped, in words a user can act on and naming where: never a bare
 * {@code java.io.EOFException}. A truncated gzip stream, a corrupt one, an I/O error and running
 * out of memory each get their own sentence.
 */
public final class ReadFailures {

    private ReadFailures() {
    }

    /**
     * @param e        what stopped the reading
     * @param lastLine the number of the last line read whole (0 before the first)
     * @return an unchecked exception whose message says what happened after which line
     */
    public static RuntimeException describe(Throwable e, long lastLine) {
        String where = lastLine == 0 ? "before its first line" : "after line " + lastLine;
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return u;
        }
        if (e instanceof EOFException) {
            return new UncheckedIOException("the input ends in the middle of its gzip stream " + where
                    + " (a truncated .gz file?); the lines before it were read", (IOException) e);
        }
        if (e instanceof ZipException) {
            return new UncheckedIOException("the input's gzip stream is corrupt " + where + ": " + e.getMessage(),
                    (IOException) e);
        }
        if (e instanceof IOException io) {
            return new UncheckedIOException("reading the input " + where + " failed: "
                    + (io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage()), io);
        }
        if (e instanceof OutOfMemoryError) {
            return new IllegalStateException(String.format(Locale.ROOT, "out of memory reading the input %s "
                    + "(the heap is %d MiB; give the JVM more with JAVA_OPTS=-Xmx...)", where,
                    Runtime.getRuntime().maxMemory() >> 20), e);
        }
        return new IllegalStateException("reading the input " + where + " failed: " + e, e);
    }
}
