package dev.rewire.runtime.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which data files are Parquet: an input named {@code *.parquet}, or any regular file that starts
 * with Parquet's magic bytes {@code PAR1} (a file saved under another name); an output named
 * {@code *.parquet}. Stdin and pipes are JSONL: Parquet is read from its footer, at the end, which
 * a stream cannot seek to. Stateless.
 */
public final class ParquetFiles {

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private ParquetFiles() {
    }

    /** Whether an output (or input) of this name is Parquet: {@code .parquet}, in any case. */
    public static boolean isParquetName(String file) {
        return file != null && !"-".equals(file) && file.toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    /** Whether the input (null: stdin) is read as Parquet: by its name, else by its first bytes. */
    public static boolean isParquet(Path input) throws IOException {
        if (input == null) {
            return false;
        }
        if (isParquetName(input.toString())) {
            return true;
        }
        if (!Files.isRegularFile(input)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(input)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        }
    }
}
