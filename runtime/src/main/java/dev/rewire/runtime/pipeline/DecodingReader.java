package dev.rewire.runtime.pipeline;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads and decodes JSONL on a thread of its own, so decoding overlaps scoring on a second core and
 * the consumer can tell "no input for a while" (a trainer waiting for its answers) from "input
 * over". The queue is bounded: memory stays bounded whatever the input's size. One consumer.
 */
final class DecodingReader<T> implements AutoCloseable {

    /** What {@link #poll} hands out: a line, the end of input, or nothing within the wait. */
    sealed interface Next<T> permits Line, End, Idle {
    }

    record Line<T>(DecodedLine<T> line, long bytesRead) implements Next<T> {
    }

    record End<T>() implements Next<T> {
    }

    record Idle<T>() implements Next<T> {
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(4096);
    private final Thread thread;
    private static final Object END = new Object();

    DecodingReader(InputStream in, JsonlReader.Decoder<T> decoder, java.util.function.Function<T, String> idOf,
                   long skipThrough) {
        JsonlReader<T> reader = new JsonlReader<>(in, decoder, idOf, skipThrough);
        thread = new Thread(() -> {
            try {
                while (reader.hasNext()) {
                    DecodedLine<T> line = reader.next();
                    queue.put(new Line<>(line, reader.bytesRead()));
                }
                queue.put(END);
            } catch (UncheckedIOException e) {
                putQuietly(e);
            } catch (RuntimeException e) {
                putQuietly(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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
     * The next line, waiting at most {@code waitMillis} (0: as long as it takes).
     *
     * @throws UncheckedIOException when reading the input failed
     */
    @SuppressWarnings("unchecked")
    Next<T> poll(long waitMillis) {
        try {
            Object o = waitMillis > 0 ? queue.poll(waitMillis, TimeUnit.MILLISECONDS) : queue.take();
            if (o == null) {
                return new Idle<>();
            }
            if (o == END) {
                putQuietly(END);
                return new End<>();
            }
            if (o instanceof RuntimeException e) {
                throw e;
            }
            return (Line<T>) o;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new End<>();
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
