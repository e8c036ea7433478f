package dev.rewire.bundles.terms.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * The Python side ({@code rewire_term_host.py}), shipped inside this bundle's jar and written to a
 * folder at run time, so the distribution works from wherever it is unpacked.
 */
final class HostScript {

    static final String NAME = "rewire_term_host.py";

    private HostScript() {
    }

    /** The script in {@code dir}, written there unless an identical copy already is. */
    static Path extractTo(Path dir) {
        byte[] bytes;
        try (InputStream in = HostScript.class.getResourceAsStream(NAME)) {
            if (in == null) {
                throw new IllegalStateException(NAME + " is missing from the bundle");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + NAME + " from the bundle", e);
        }
        Path script = dir.resolve(NAME);
        try {
            if (Files.isRegularFile(script) && Arrays.equals(Files.readAllBytes(script), bytes)) {
                return script;
            }
            Files.createDirectories(dir);
            // beside it, then renamed: a term starting Python meanwhile never reads half a file
            Path tmp = Files.createTempFile(dir, NAME, ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, script, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return script;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + script, e);
        }
    }
}
