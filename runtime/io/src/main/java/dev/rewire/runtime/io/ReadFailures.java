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

    /** As {@link #describe(Throwable, String, long)} for an input without a name. */
    public static RuntimeException describe(Throwable e, long lastLine) {
        return describe(e, "the input", lastLine);
    }

    /**
     * @param e        what stopped the reading
     * @param source   how to name the input: "the input FILE", or "the input"
     * @param lastLine the number of the last line read whole (0 before the first)
     * @return an unchecked exception whose message says what happened to which input after which
     *         line; its cause carries the same words (a bare {@code EOFException} message, such as
     *         "Unexpected end of ZLIB input stream", must not reach a user through it)
     */
    public static RuntimeException describe(Throwable e, String source, long lastLine) {
        String where = lastLine == 0 ? "before its first line" : "after line " + lastLine;
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return u;
        }
        if (e instanceof EOFException) {
            return explained(source + " ends in the middle of its gzip stream " + where + " (a truncated .gz file?)"
                    + (lastLine == 0 ? "" : "; the lines before it were read"), e);
        }
        if (e instanceof ZipException) {
            return explained(source + " is a corrupt gzip stream " + where + ": " + e.getMessage(), e);
        }
        if (e instanceof IOException io) {
            return explained("reading " + source + " " + where + " failed: "
                    + (io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage()), e);
        }
        if (e instanceof OutOfMemoryError) {
            return new IllegalStateException(String.format(Locale.ROOT, "out of memory reading %s %s "
                    + "(the heap is %d MiB; give the JVM more with JAVA_OPTS=-Xmx...)", source, where,
                    Runtime.getRuntime().maxMemory() >> 20), e);
        }
        return new IllegalStateException("reading " + source + " " + where + " failed: " + e, e);
    }

    /** The words, on the exception and on its cause alike; the original failure kept beneath for a debugger. */
    private static UncheckedIOException explained(String words, Throwable original) {
        IOException cause = new IOException(words, original);
        return new UncheckedIOException(words, cause);
    }
}
