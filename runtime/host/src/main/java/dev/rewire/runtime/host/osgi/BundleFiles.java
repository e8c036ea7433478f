package dev.rewire.runtime.host.osgi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** The files of a bundle folder, and the bundle installed from a file. Stateless. */
final class BundleFiles {

    private BundleFiles() {
    }

    /** The jars in a folder, by file name; none when it is null or missing. */
    static List<Path> jars(Path dir) {
        return files(dir, ".jar");
    }

    /** The files in a folder whose names end with {@code suffix}, by file name; none when it is null or missing. */
    static List<Path> files(Path dir, String suffix) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted(Comparator.comparing(Path::getFileName)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The bundle installed from a jar of this file name, or null when there is none. */
    static Bundle bundleFrom(BundleContext context, Path jar) {
        String name = "/" + jar.getFileName().toString();
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().endsWith(name)) {
                return b;
            }
        }
        return null;
    }
}
