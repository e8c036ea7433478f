package dev.rewire.runtime.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one place an output file's folder is made: every command creates the folders an output
 * option names ({@code --out runs/7/scored.jsonl}, {@code --report reports/r.html}), so a user
 * never has to {@code mkdir} first. Stateless and thread safe.
 */
public final class OutputFiles {

    private OutputFiles() {
    }

    /**
     * Creates the folder the file goes in (and those above it) when missing.
     *
     * @return the file, for writing in the same expression
     * @throws IOException when the folder cannot be made (a file where a folder should be, no permission)
     */
    public static Path withParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return file;
    }
}
