package dev.rewire.runtime.host.osgi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The embedded Apache Felix: starts the framework with SCR, Config Admin and (when there is a
 * deploy folder) FileInstall, installs Rewire's built-in bundles, and reports bundle failures
 * without ever stopping the host. A bundle that fails to resolve or start is reported and left
 * out; everything else keeps running.
 */
public final class FelixHost implements AutoCloseable {

    private static final long SETTLE_TIMEOUT_MS = 15_000;
    private static final long START_TIMEOUT_MS = 3_000;

    private final HostSettings settings;
    private final Consumer<String> log;
    private static final String STORAGE_PREFIX = "rewire-felix-";
    /** Names the process that owns a cache folder, so a later host can remove it once that process is gone. */
    private static final String OWNER_FILE = "rewire.pid";

    private final Path storage;
    private DeployFolderWatch deployWatch;
    private ConfigFolder configFolder;
    private final Framework framework;

    public FelixHost(HostSettings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
        try {
            removeAbandonedStorage();
            this.storage = Files.createTempDirectory(STORAGE_PREFIX);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the OSGi cache folder", e);
        }
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, HostExports.systemPackagesExtra());
        config.put("felix.log.level", "1");
        // SCR's own error log is a stack trace per failed activation; the host reports those in one
        // line with the component's reason (ConfigFolder, ServiceCatalog), so SCR logs audit only
        config.put("ds.loglevel", "0");
        if (settings.deployDir() != null) {
            config.put("felix.fileinstall.dir", settings.deployDir().toAbsolutePath().toString());
            config.put("felix.fileinstall.poll", Long.toString(settings.pollInterval().toMillis()));
            config.put("felix.fileinstall.noInitialDelay", "true");
            // read .cfg files, never write them back: FileInstall would rewrite (and sometimes empty) them
            config.put("felix.fileinstall.enableConfigSave", "false");
            config.put("felix.fileinstall.log.level", "1");
            config.put("felix.fileinstall.bundles.new.start", "true");
            // .cfg files are the host's (ConfigFolder checks them before they reach a component)
            config.put("felix.fileinstall.filter", ".*\\.(jar|config)");
        }
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        this.framework = factory.newFramework(config);
    }

    /** Starts the framework and the bundles; returns once the deploy folder's bundles are active. */
    public void start() throws BundleException {
        framework.init();
        try {
            // after init, which cleans the folder
            Files.writeString(storage.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            log.accept("cannot mark the OSGi cache folder " + storage + " as ours: " + e.getMessage());
        }
        framework.start();
        BundleContext context = framework.getBundleContext();
        context.addFrameworkListener(event -> {
            if (event.getType() == FrameworkEvent.ERROR && !(event.getThrowable()
                    instanceof org.osgi.framework.ServiceException se && se.getType()
                    == org.osgi.framework.ServiceException.FACTORY_ERROR)) {
                // (a component that could not be created is reported with its reason where it is used)
                Bundle b = event.getBundle();
                log.accept("bundle " + (b == null ? "?" : b.getSymbolicName()) + ": " + describe(event.getThrowable()));
            }
        });
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : jars(settings.systemBundles())) {
            if (settings.deployDir() == null && jar.getFileName().toString().contains("fileinstall")) {
                continue;
            }
            installed.add(install(context, jar));
        }
        for (Path jar : jars(settings.builtinBundles())) {
            installed.add(install(context, jar));
        }
        for (Bundle b : installed) {
            if (b != null && b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                try {
                    b.start();
                } catch (BundleException e) {
                    log.accept("bundle " + b.getSymbolicName() + " " + b.getVersion() + " did not start: "
                            + describe(e));
                }
            }
        }
        awaitDeployFolder();
        if (settings.deployDir() != null) {
            configFolder = new ConfigFolder(context, settings.deployDir().toAbsolutePath(), settings.pollInterval(), log);
            List<String> problems = configFolder.applyAll();
            if (!problems.isEmpty()) {
                throw new IllegalStateException("bad settings in the deploy folder " + settings.deployDir() + ": "
                        + String.join("; ", problems));
            }
            awaitConfigurations();
            configFolder.watch();
            deployWatch = new DeployFolderWatch(context, settings.deployDir().toAbsolutePath(), settings.pollInterval(),
                    this::bundleFrom, FelixHost::jars, FelixHost::describe, log);
        }
    }

    public BundleContext context() {
        return framework.getBundleContext();
    }

    /** The bundles installed now, the framework itself excluded. */
    public List<DeployedBundle> bundles() {
        List<DeployedBundle> result = new ArrayList<>();
        for (Bundle b : context().getBundles()) {
            if (b.getBundleId() != 0) {
                result.add(new DeployedBundle(b.getSymbolicName(), b.getVersion().toString(),
                        stateName(b.getState()), origin(b), b.getLocation()));
            }
        }
        return result;
    }

    /** The active built-in and deployed bundles (system bundles left out): symbolic name to version. */
    public java.util.Map<String, String> activeBundleVersions() {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        bundles().stream()
                .filter(b -> !b.origin().equals("system") && b.state().equals("ACTIVE"))
                .forEach(b -> out.put(b.symbolicName(), b.version()));
        return out;
    }

    private String origin(Bundle b) {
        String location = b.getLocation();
        if (settings.deployDir() != null && location.contains(settings.deployDir().toAbsolutePath().toString())) {
            return "deploy";
        }
        if (location.contains(settings.builtinBundles().toAbsolutePath().toString())) {
            return "builtin";
        }
        return "system";
    }

    private Bundle install(BundleContext context, Path jar) {
        try {
            return context.installBundle(jar.toUri().toString());
        } catch (BundleException e) {
            log.accept("bundle " + jar.getFileName() + " was not installed: " + describe(e));
            return null;
        }
    }

    /**
     * Waits (bounded) until every jar present in the deploy folder at start is installed and
     * active, so the first batch sees the same services as the next one. A jar that installs but
     * does not start is reported with the framework's reason, and the host goes on without it.
     */
    private void awaitDeployFolder() {
        if (settings.deployDir() == null || !Files.isDirectory(settings.deployDir())) {
            return;
        }
        List<Path> expected = jars(settings.deployDir());
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
                            + ") did not start: " + describe(e) + "; going on without it");
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
    private void awaitConfigurations() {
        List<Path> configs = files(settings.deployDir(), ".cfg");
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
        String name = cfg.getFileName().toString().replace("\\", "\\\\").replace("*", "\\*")
                .replace("(", "\\(").replace(")", "\\)");
        try {
            return context().getServiceReferences((String) null, "(felix.fileinstall.filename=*/" + name + ")") != null;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException("filter for " + cfg, e);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, long timeoutMs) {
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

    private Bundle bundleFrom(Path jar) {
        String name = "/" + jar.getFileName().toString();
        for (Bundle b : context().getBundles()) {
            if (b.getLocation().endsWith(name)) {
                return b;
            }
        }
        return null;
    }

    private static List<Path> jars(Path dir) {
        return files(dir, ".jar");
    }

    private static List<Path> files(Path dir, String suffix) {
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

    private static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(" (caused by ").append(c).append(')');
        }
        return sb.toString();
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }

    @Override
    public void close() {
        if (deployWatch != null) {
            deployWatch.close();
        }
        if (configFolder != null) {
            configFolder.close();
        }
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } catch (BundleException | InterruptedException e) {
            log.accept("OSGi framework did not stop cleanly: " + e.getMessage());
        } finally {
            deleteQuietly(storage);
        }
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
        } catch (IOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
