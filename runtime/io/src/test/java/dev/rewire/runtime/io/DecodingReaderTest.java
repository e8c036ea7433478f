package dev.rewire.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The reading thread is supervised: whatever ends it reaches the consumer, after the lines read before. */
class DecodingReaderTest {

    private static DecodingReader<String> reader(InputStream in) {
        return new DecodingReader<>(in, (line, n) -> line, s -> s, 0);
    }

    /** Two good lines, then a stream that throws what it is given. */
    private static InputStream failingAfterTwoLines(Throwable failure) {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                return read(new byte[1], 0, 1);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (failure instanceof IOException io) {
                    throw io;
                }
                throw (Error) failure;
            }
        };
        return new SequenceInputStream(new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)), failing);
    }

    private static DecodingReader.Next<String> next(DecodingReader<String> r) {
        DecodingReader.Next<String> n;
        long deadline = System.nanoTime() + 60_000_000_000L;
        do {
            n = r.poll(100);
        } while (n instanceof DecodingReader.Idle && System.nanoTime() < deadline);
        return n;
    }

    @Test
    void anOutOfMemoryErrorInTheReadingThreadReachesTheConsumerInsteadOfAnEndlessWait() {
        try (DecodingReader<String> r = reader(failingAfterTwoLines(new OutOfMemoryError("Java heap space")))) {
            assertEquals("a", ((DecodingReader.Line<String>) next(r)).line().value());
            assertEquals("b", ((DecodingReader.Line<String>) next(r)).line().value());
            DecodingReader.Failed<String> failed = assertInstanceOf(DecodingReader.Failed.class, next(r));
            assertTrue(failed.error().getMessage().startsWith("out of memory reading the input after line 2 (the heap is "),
                    failed.error().getMessage());
            assertInstanceOf(DecodingReader.Failed.class, next(r), "and again at every later call");
        }
    }

    @Test
    void aTruncatedGzipStreamIsNamedNotABareEofException() throws Exception {
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            for (int i = 0; i < 20_000; i++) {
                gz.write(("{\"id\":\"s" + i + "\",\"n\":" + (i * 7919 % 10007) + "}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] cut = java.util.Arrays.copyOf(zipped.toByteArray(), zipped.size() / 2);
        try (DecodingReader<String> r = reader(new java.util.zip.GZIPInputStream(new ByteArrayInputStream(cut)))) {
            long lines = 0;
            DecodingReader.Next<String> n;
            while ((n = next(r)) instanceof DecodingReader.Line) {
                lines++;
            }
            DecodingReader.Failed<String> failed = assertInstanceOf(DecodingReader.Failed.class, n);
            assertTrue(lines > 1000, "the lines before the cut are read: " + lines);
            assertEquals("the input ends in the middle of its gzip stream after line " + lines
                    + " (a truncated .gz file?); the lines before it were read", failed.error().getMessage());
        }
    }
}
