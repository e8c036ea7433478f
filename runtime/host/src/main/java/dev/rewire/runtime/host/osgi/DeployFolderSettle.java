package dev.rewire.runtime.host.osgi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;

/**
 * The host's start waits, bounded, for what the deploy folder held at start: its jars active and
 * its {@code .cfg} files each configuring a service, so that the first batch sees the same services
 * as the next one. What does not come within the wait is reported, and the host goes on without it.
 * Used once, on the starting thread.
 */
final class DeployFolderSettle {

    private static final long SETTLE_TIMEOUT_MS = 15_000;
    private static final long START_TIMEOUT_MS = 3_000;

    private final BundleContext context;
    private final Path deployDir;
    private final Consumer<String> log;

    /** @param deployDir the deploy folder, or null for none (then there is nothing to wait for) */
    DeployFolderSettle(BundleContext context, Path deployDir, Consumer<String> log) {
        this.context = context;
        this.deployDir = deployDir;
        this.log = log;
    }

    /**
     * Waits (bounded) until every jar present in the deploy folder at start is installed and
     * active, so the first batch sees the same services as the next one. A jar that installs but
     * does not start is reported with the framework's reason, and the host goes on without it.
     */
    void awaitBundles() {
        if (deployDir == null || !Files.isDirectory(deployDir)) {
            return;
        }
        List<Path> expected = BundleFiles.jars(deployDir);
        waitUntil(() -> expected.stream().allMatch(jar -> bundleFrom(jar) != null), SETTLE_TIMEOUT_MS);
        waitUntil(() -> expected.stream().allMatch(jar -> {
            Bundle b = bundleFrom(jar);
            return b != null && b.getState() == Bundle.ACTIVE;
        }), START_TIMEOUT_MS);
        for (Path jar : expected) {
            Bundle b = bundleFrom(jar);
            if (b == null) {
                log.accept("deployed " + jar.getFileName() + " was not installed within " + SETTLE_TIMEOUT_MS
                        + " ms (is it a bundle?); going on without it");
            } else if (b.getState() != Bundle.ACTIVE) {
                try {
                    b.start();
                } catch (BundleException e) {
                    log.accept("deployed " + jar.getFileName() + " (" + b.getSymbolicName() + " " + b.getVersion()
                            + ") did not start: " + FelixHost.describe(e) + "; going on without it");
                }
            }
        }
    }

    /**
     * Waits (bounded) until each {@code .cfg} present in the deploy folder at start configures a
     * registered service, so that a term that exists only by its configuration (a Python term)
     * scores the first batch too. A service configured by a .cfg carries the file's location as
     * {@code felix.fileinstall.filename} (FileInstall adds it to the configuration, Declarative
     * Services copies configuration into service properties).
     */
    void awaitConfigurations() {
        List<Path> configs = BundleFiles.files(deployDir, ".cfg");
        waitUntil(() -> configs.stream().allMatch(this::configuresAService), START_TIMEOUT_MS);
        for (Path cfg : configs) {
            if (!configuresAService(cfg)) {
                log.accept("deployed " + cfg.getFileName() + " configures no service within " + START_TIMEOUT_MS
                        + " ms (a PID no bundle declares, or settings its service refused); going on");
            }
        }
    }

    private boolean configuresAService(Path cfg) {
        // by name: FileInstall may record the folder's canonical path, not the one given
        String name = LdapFilters.escaped(cfg.getFileName().toString());
        try {
            return context.getServiceReferences((String) null, "(felix.fileinstall.filename=*/" + name + ")") != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("filter for " + cfg, e);
        }
    }

    private Bundle bundleFrom(Path jar) {
        return BundleFiles.bundleFrom(context, jar);
    }

    private static void waitUntil(BooleanSupplier condition, long timeoutMs) {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
