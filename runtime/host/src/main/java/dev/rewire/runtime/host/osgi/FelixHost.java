package dev.rewire.runtime.host.osgi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;
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
 * out; everything else keeps running. Its cache folder is an {@link OsgiStorage}; at start it waits
 * for what the deploy folder holds ({@link DeployFolderSettle}), then applies the folder's
 * {@code .cfg} files ({@link ConfigFolder}) and watches it ({@link DeployFolderWatch}).
 */
public final class FelixHost implements AutoCloseable {

    private final HostSettings settings;
    private final Consumer<String> log;
    private final OsgiStorage storage;
    private DeployFolderWatch deployWatch;
    private ConfigFolder configFolder;
    private final Framework framework;

    public FelixHost(HostSettings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
        this.storage = OsgiStorage.create();
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"));
        this.framework = factory.newFramework(frameworkConfig(settings, storage.dir()));
    }

    /** The framework's launch properties: its cache folder, the host's exports, and FileInstall's settings. */
    private static Map<String, String> frameworkConfig(HostSettings settings, Path storage) {
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
        return config;
    }

    /** Starts the framework and the bundles; returns once the deploy folder's bundles are active. */
    public void start() throws BundleException {
        framework.init();
        storage.markOwned(log); // after init, which cleans the folder
        framework.start();
        BundleContext context = framework.getBundleContext();
        reportFrameworkErrors(context);
        installAndStart(context);
        DeployFolderSettle settle = new DeployFolderSettle(context, settings.deployDir(), log);
        settle.awaitBundles();
        if (settings.deployDir() != null) {
            configFolder = new ConfigFolder(context, settings.deployDir().toAbsolutePath(), settings.pollInterval(), log);
            List<String> problems = configFolder.applyAll();
            if (!problems.isEmpty()) {
                throw new IllegalStateException("bad settings in the deploy folder " + settings.deployDir() + ": "
                        + String.join("; ", problems));
            }
            settle.awaitConfigurations();
            configFolder.watch();
            deployWatch = new DeployFolderWatch(context, settings.deployDir().toAbsolutePath(), settings.pollInterval(),
                    jar -> BundleFiles.bundleFrom(context(), jar), BundleFiles::jars, FelixHost::describe, log);
        }
    }

    /** Logs the framework's errors in one line each, a bundle's by its name. */
    private void reportFrameworkErrors(BundleContext context) {
        context.addFrameworkListener(event -> {
            if (event.getType() == FrameworkEvent.ERROR && !(event.getThrowable()
                    instanceof org.osgi.framework.ServiceException se && se.getType()
                    == org.osgi.framework.ServiceException.FACTORY_ERROR)) {
                // (a component that could not be created is reported with its reason where it is used)
                Bundle b = event.getBundle();
                log.accept("bundle " + (b == null ? "?" : b.getSymbolicName()) + ": " + describe(event.getThrowable()));
            }
        });
    }

    /**
     * Installs the system bundles (FileInstall only with a deploy folder) and the built-in ones, then
     * starts each that is not a fragment; one that fails to install or start is reported and left out.
     */
    private void installAndStart(BundleContext context) {
        List<Bundle> installed = new ArrayList<>();
        for (Path jar : BundleFiles.jars(settings.systemBundles())) {
            if (settings.deployDir() == null && jar.getFileName().toString().contains("fileinstall")) {
                continue;
            }
            installed.add(install(context, jar));
        }
        for (Path jar : BundleFiles.jars(settings.builtinBundles())) {
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

    /** A failure in one line: its message, then each of its causes. */
    static String describe(Throwable t) {
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
            storage.delete();
        }
    }
}
