package dev.rewire.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gzip input cut short says which file and where, never a bare EOFException. */
class DataFilesTest {

    private static byte[] gzip(int lines) throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            for (int i = 0; i < lines; i++) {
                gz.write(("{\"id\":\"s" + i + "\",\"text\":\"" + "w".repeat(i % 97) + "\"}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return zipped.toByteArray();
    }

    @Test
    void aGzipCutInsideItsHeaderIsNamed(@TempDir Path work) throws Exception {
        Path in = work.resolve("in.jsonl.gz");
        Files.write(in, java.util.Arrays.copyOf(gzip(10), 5));
        IOException e = assertThrows(IOException.class, () -> DataFiles.open(in));
        assertEquals("the input " + in + " ends inside its gzip header (a truncated .gz file?); nothing could be read",
                e.getMessage());
    }

    @Test
    void aGzipCutInItsStreamIsNamedWithItsFileAndTheLastWholeLine(@TempDir Path work) throws Exception {
        Path in = work.resolve("in.jsonl.gz");
        byte[] whole = gzip(3000);
        Files.write(in, java.util.Arrays.copyOf(whole, whole.length / 2));
        try (InputStream bytes = DataFiles.open(in); Utf8Lines lines = new Utf8Lines(bytes)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
                while (lines.next() != null) {
                    // read to the cut
                }
            });
            assertTrue(e.getMessage().matches("the input " + java.util.regex.Pattern.quote(in.toString())
                    + " ends in the middle of its gzip stream after line \\d+ \\(a truncated \\.gz file\\?\\); the lines "
                    + "before it were read"), e.getMessage());
            assertEquals(e.getMessage(), e.getCause().getMessage(), "no bare 'Unexpected end of ZLIB input stream' beneath");
            assertFalse(e.getMessage().contains("ZLIB"), e.getMessage());
        }
    }

    @Test
    void plainAndGzipInputReadAlike(@TempDir Path work) throws Exception {
        Path gz = work.resolve("a.gz");
        Files.write(gz, gzip(5));
        try (InputStream bytes = DataFiles.open(gz)) {
            assertTrue(bytes instanceof NamedInput named && named.name().equals(gz.toString()));
            assertEquals(5, new String(bytes.readAllBytes(), StandardCharsets.UTF_8).lines().count());
        }
    }
}
