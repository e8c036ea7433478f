package dev.rewire.runtime.io;

import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads and decodes JSONL (or Parquet rows) on a thread of its own, so decoding overlaps scoring on a second core and
 * the consumer can tell "no input for a while" (a trainer waiting for its answers) from "input
 * over". The queue is bounded: memory stays bounded whatever the input's size. One consumer.
 *
 * <p>The reading thread is supervised: whatever ends it (an I/O error, a truncated gzip stream, an
 * {@code Error} such as {@link OutOfMemoryError}) reaches the consumer as {@link Failed}, after
 * every line read before it; a thread that died without a word (it could not even queue its
 * failure) is noticed by {@link #poll} and reported the same way. The consumer never waits forever
 * on a reader that is gone.
 */
public final class DecodingReader<T> implements AutoCloseable {

    /** What {@link #poll} hands out: a line, the end of input, or nothing within the wait. */
    public sealed interface Next<T> permits Line, End, Idle, Failed {
    }

    public record Line<T>(DecodedLine<T> line, long bytesRead) implements Next<T> {
    }

    /** The input is over, after this many bytes (decompressed). */
    public record End<T>(long bytesRead) implements Next<T> {
    }

    public record Idle<T>() implements Next<T> {
    }

    /** Reading stopped before the end of the input: why, in words that name the place. */
    public record Failed<T>(RuntimeException error) implements Next<T> {
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(4096);
    private final Thread thread;

    public DecodingReader(InputStream in, JsonlReader.Decoder<T> decoder, java.util.function.Function<T, String> idOf,
                   long skipThrough) {
        this(new Utf8Lines(in), decoder, idOf, skipThrough);
    }

    /** Reads {@code in} (JSONL lines or Parquet rows) on the reading thread, which closes nothing: the caller owns {@code in}. */
    public DecodingReader(InputRecords in, JsonlReader.Decoder<T> decoder, java.util.function.Function<T, String> idOf,
                   long skipThrough) {
        JsonlReader<T> reader = new JsonlReader<>(in, decoder, idOf, skipThrough);
        thread = new Thread(() -> {
            try {
                while (reader.hasNext()) {
                    DecodedLine<T> line = reader.next();
                    queue.put(new Line<>(line, reader.bytesRead()));
                }
                queue.put(new End<T>(reader.bytesRead()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                // an Error too: the consumer must learn that reading stopped, never wait on
                putQuietly(new Failed<T>(ReadFailures.describe(e, reader.lineNumber())));
            }
        }, "rewire-decode");
        thread.setDaemon(true);
        thread.start();
    }

    private void putQuietly(Object o) {
        try {
            queue.put(o);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The next line, waiting at most {@code waitMillis} (0: as long as it takes); {@link Failed}
     * (again at every later call) once reading has stopped on an error.
     */
    @SuppressWarnings("unchecked")
    public Next<T> poll(long waitMillis) {
        try {
            Object o = waitMillis > 0 ? queue.poll(waitMillis, TimeUnit.MILLISECONDS) : queue.take();
            if (o == null) {
                if (!thread.isAlive() && queue.isEmpty()) {
                    Failed<T> gone = new Failed<>(new IllegalStateException(
                            "the input's reading thread ended without a word before the end of the input"));
                    putQuietly(gone);
                    return gone;
                }
                return new Idle<>();
            }
            if (o instanceof End<?> end) {
                putQuietly(end);
                return (End<T>) end;
            }
            if (o instanceof Failed<?> f) {
                putQuietly(f);
                return (Failed<T>) f;
            }
            return (Line<T>) o;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed<>(new IllegalStateException("interrupted while waiting for input"));
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
