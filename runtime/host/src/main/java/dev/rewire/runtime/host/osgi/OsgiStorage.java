package dev.rewire.runtime.host.osgi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The embedded framework's cache folder: a new temporary folder per host, marked with the process
 * that owns it, and deleted when the host closes. A host killed with {@code kill -9} has no chance
 * to delete its folder, so each new host first removes the folders whose owning process is gone.
 * Owned by one {@link FelixHost}; used from its starting and closing thread.
 */
final class OsgiStorage {

    private static final String STORAGE_PREFIX = "rewire-felix-";
    /** Names the process that owns a cache folder, so a later host can remove it once that process is gone. */
    private static final String OWNER_FILE = "rewire.pid";

    private final Path dir;

    private OsgiStorage(Path dir) {
        this.dir = dir;
    }

    /** A new cache folder, the abandoned ones of killed hosts removed first. */
    static OsgiStorage create() {
        try {
            removeAbandonedStorage();
            return new OsgiStorage(Files.createTempDirectory(STORAGE_PREFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the OSGi cache folder", e);
        }
    }

    Path dir() {
        return dir;
    }

    /**
     * Marks the folder as this process's. Call it after the framework's init, which cleans the
     * folder; a failure is logged (the folder is then only not removed by a later host).
     */
    void markOwned(Consumer<String> log) {
        try {
            Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            log.accept("cannot mark the OSGi cache folder " + dir + " as ours: " + e.getMessage());
        }
    }

    /** Deletes the folder and everything in it, as far as it can. */
    void delete() {
        deleteQuietly(dir);
    }

    /**
     * Removes the cache folders of hosts that were killed ({@code kill -9} leaves no chance to clean
     * up): those whose owning process is no longer running.
     */
    private static void removeAbandonedStorage() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(STORAGE_PREFIX)).toList()) {
                Path owner = dir.resolve(OWNER_FILE);
                try {
                    long pid = Long.parseLong(Files.readString(owner).trim());
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                } catch (IOException | NumberFormatException e) {
                    continue; // not ours to judge: no owner file (being created, or another tool's)
                }
                deleteQuietly(dir);
            }
        } catch (IOException e) {
            // a temp folder we cannot list holds nothing we could clean
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover temp folder is harmless; the walk throws UncheckedIOException when another
            // host removes the same abandoned folder at once (its files vanish under the walk)
        }
    }
}
