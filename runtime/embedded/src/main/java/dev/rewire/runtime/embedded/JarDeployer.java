package dev.rewire.runtime.embedded;

import dev.rewire.runtime.host.RewireRuntime;
import dev.rewire.runtime.host.Services;
import dev.rewire.runtime.host.osgi.Lease;
import dev.rewire.runtime.host.osgi.ServiceCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/**
 * Hot deploys a test's bundle jar into the embedded host's deploy folder, as an operator's copy
 * would, and waits until the host serves that version of it. Used by one test thread at a time.
 */
final class JarDeployer {

    /** How long {@link #deploy(Path)} waits for a bundle to serve: generous, for slow machines. */
    static final Duration DEPLOY_WAIT = Duration.ofMinutes(1);

    private final RewireRuntime runtime;
    private final Path deployFolder;
    /** What the host logged: quoted when a jar does not serve. */
    private final List<String> log;

    JarDeployer(RewireRuntime runtime, Path deployFolder, List<String> log) {
        this.runtime = runtime;
        this.deployFolder = deployFolder;
        this.log = log;
    }

    /**
     * Drops a bundle jar into the deploy folder (replacing one of the same file name: a hot swap)
     * and waits until that version serves a term, filter, check or scorer.
     *
     * @throws IllegalStateException when it does not within {@link #DEPLOY_WAIT}; the message carries
     *                               what the host logged (why the jar is not a bundle, or does not start)
     */
    void deploy(Path jar) {
        String[] identity = bundleIdentity(jar);
        Path target = deployFolder.resolve(jar.getFileName());
        Path tmp = deployFolder.resolve(jar.getFileName() + ".part");
        try {
            Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deploy " + jar + ": " + e.getMessage(), e);
        }
        awaitServing(jar, identity[0], identity[1]);
    }

    private void awaitServing(Path jar, String symbolicName, String version) {
        long deadline = System.nanoTime() + DEPLOY_WAIT.toNanos();
        while (!serves(symbolicName, version)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(jar + " (" + symbolicName + " " + version + ") serves nothing after "
                        + DEPLOY_WAIT.toSeconds() + " s; the host logged:\n  " + String.join("\n  ", log));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + jar, e);
            }
        }
    }

    /** Whether this bundle version serves a term, filter, check or scorer. */
    private boolean serves(String symbolicName, String version) {
        Services s = runtime.services();
        return serves(s.terms(), symbolicName, version) || serves(s.filters(), symbolicName, version)
                || serves(s.checks(), symbolicName, version) || serves(s.scorers(), symbolicName, version);
    }

    private static boolean serves(ServiceCatalog<?> catalog, String symbolicName, String version) {
        boolean found = false;
        for (Lease<?> lease : catalog.acquireAll()) {
            try (lease) {
                found |= lease.bundle().equals(symbolicName) && lease.version().equals(version);
            }
        }
        return found;
    }

    /** The jar's Bundle-SymbolicName (without directives) and Bundle-Version. */
    private static String[] bundleIdentity(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Attributes main = file.getManifest() == null ? null : file.getManifest().getMainAttributes();
            String name = main == null ? null : main.getValue("Bundle-SymbolicName");
            if (name == null) {
                throw new IllegalArgumentException(jar + " is not an OSGi bundle: no Bundle-SymbolicName in its manifest");
            }
            String version = main.getValue("Bundle-Version");
            return new String[] {name.split(";")[0].trim(), version == null ? "0.0.0" : version.trim()};
        } catch (IOException e) {
            throw new IllegalArgumentException(jar + " is not a readable jar: " + e.getMessage(), e);
        }
    }
}
