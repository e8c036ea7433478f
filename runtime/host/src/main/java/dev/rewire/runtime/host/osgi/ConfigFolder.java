package dev.rewire.runtime.host.osgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;

/**
 * The {@code .cfg} files of the deploy folder, applied to Configuration Admin by the host rather
 * than by FileInstall, so that a bad file never silently drops the service it configures:
 *
 * <ul>
 *   <li>each value is checked against the type its component declares ({@link ConfigFile}); a bad
 *       one is named (file, key, value, what was expected) and the file is not applied;</li>
 *   <li>a file that passes is applied and the component's activation is watched: if it refuses the
 *       settings (its constructor throws), the reason is given in one line and the previous settings
 *       are put back, so the previous configuration keeps serving;</li>
 *   <li>at start ({@link #applyAll}) either problem is returned, and the host does not start.</li>
 * </ul>
 *
 * A removed file deletes its configuration (the component goes back to its defaults), as with
 * FileInstall; the configuration carries {@code felix.fileinstall.filename} as FileInstall's did.
 * Each version of a file (modification time and size) is judged once. Runs on one daemon thread
 * after {@link #watch}; {@link #applyAll} is called before, on the starting thread.
 */
final class ConfigFolder implements AutoCloseable {

    static final String FILENAME = "felix.fileinstall.filename";
    private static final String ADMIN = "org.osgi.service.cm.ConfigurationAdmin";
    private static final String CONFIGURATION = "org.osgi.service.cm.Configuration";
    /** How long a new configuration's activation is watched for a refusal. */
    private static final long ACTIVATION_WAIT_MS = 5_000;

    private final BundleContext context;
    private final Path dir;
    private final Duration poll;
    private final Consumer<String> log;
    private final Components components;
    /** File to the version (time and size) last judged. */
    private final Map<Path, String> judged = new HashMap<>();
    private Thread thread;

    ConfigFolder(BundleContext context, Path dir, Duration poll, Consumer<String> log) {
        this.context = context;
        this.dir = dir;
        this.poll = poll;
        this.log = log;
        this.components = new Components(context);
    }

    /** Applies every .cfg now; returns what went wrong, one sentence a problem (empty: all applied). */
    List<String> applyAll() {
        List<String> problems = new ArrayList<>();
        for (Path file : files()) {
            problems.addAll(apply(file, false));
        }
        return problems;
    }

    /** From now on, applies files as they are added, edited and removed. */
    void watch() {
        thread = new Thread(this::loop, "rewire-config-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(Math.max(50, poll.toMillis()));
                List<Path> present = files();
                for (Path file : present) {
                    for (String problem : apply(file, true)) {
                        log.accept(problem + "; the previous settings keep serving");
                    }
                }
                for (Path gone : new ArrayList<>(judged.keySet())) {
                    if (!present.contains(gone)) {
                        judged.remove(gone);
                        remove(gone);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | LinkageError | AssertionError e) {
                log.accept("deploy folder " + dir + ": applying .cfg files: " + e);
            }
        }
    }

    /**
     * Applies one file if this version of it was not judged yet; returns its problems.
     *
     * @param restore put the previous settings back when the component refuses the new ones (while
     *                running; at start the host does not start, and nothing served before)
     */
    private List<String> apply(Path file, boolean restore) {
        String version = versionOf(file);
        if (version == null || version.equals(judged.get(file))) {
            return List.of();
        }
        judged.put(file, version);
        Map<String, String> values;
        try {
            values = ConfigFile.read(file);
        } catch (IOException | IllegalArgumentException e) {
            return List.of(file.getFileName() + ": cannot be read: " + e.getMessage());
        }
        ConfigFile.Target target = ConfigFile.Target.of(file);
        List<String> problems = ConfigFile.problems(file, values, components.declared(target.pid()));
        if (!problems.isEmpty()) {
            return problems;
        }
        OsgiApi admin = OsgiApi.of(context, ADMIN);
        if (admin == null) {
            return List.of(file.getFileName() + ": Configuration Admin is not running");
        }
        Object configuration = target.factoryName() == null
                ? admin.call(ADMIN, "getConfiguration", new Class<?>[] {String.class, String.class}, target.pid(), "?")
                : admin.call(ADMIN, "getFactoryConfiguration", new Class<?>[] {String.class, String.class, String.class},
                target.pid(), target.factoryName(), "?");
        @SuppressWarnings("unchecked")
        Dictionary<String, Object> previous = (Dictionary<String, Object>) admin.invoke(configuration, CONFIGURATION,
                "getProperties", new Class<?>[0]);
        Hashtable<String, Object> settings = new Hashtable<>(values);
        String uri = file.toUri().toString();
        settings.put(FILENAME, uri);
        update(admin, configuration, settings);
        String refused = awaitActivation(target.pid(), uri, values);
        if (refused == null || !restore) {
            return refused == null ? List.of() : List.of(file.getFileName() + ": the component refused these settings: "
                    + refused);
        }
        // put the previous settings back (or none: the defaults), so what served before serves on
        if (previous != null) {
            update(admin, configuration, previous);
        } else {
            admin.invoke(configuration, CONFIGURATION, "delete", new Class<?>[0]);
        }
        return List.of(file.getFileName() + ": the component refused these settings: " + refused);
    }

    private static void update(OsgiApi admin, Object configuration, Dictionary<String, Object> settings) {
        admin.invoke(configuration, CONFIGURATION, "update", new Class<?>[] {Dictionary.class}, settings);
    }

    /**
     * Waits (bounded) for the configured component to take these settings: null once it is active
     * with them (or the wait ran out with it still only satisfied: a component nobody asked for
     * yet), the one-line reason when its activation failed.
     */
    private String awaitActivation(String pid, String uri, Map<String, String> values) {
        if (!components.knows(pid)) {
            return null; // a PID no bundle declares (yet): nothing to watch
        }
        long deadline = System.currentTimeMillis() + ACTIVATION_WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            for (Components.Instance i : components.instances(pid)) {
                if (!uri.equals(i.properties().get(FILENAME)) || !carries(i.properties(), values)) {
                    continue;
                }
                if (i.state() == Components.FAILED_ACTIVATION) {
                    return i.failure();
                }
                if (i.state() == Components.ACTIVE) {
                    return null;
                }
                if (i.state() == Components.SATISFIED) {
                    // a delayed component not created yet (or whose creation failed for another
                    // caller): getting its service once says which
                    Boolean created = activate(i.component(), uri);
                    if (created == Boolean.TRUE) {
                        return null;
                    }
                    if (created == Boolean.FALSE) {
                        String why = components.failureOf(i.component());
                        return why != null ? why : "its component could not be created";
                    }
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /**
     * Gets (and lets go of) the service of a satisfied component configured by this file, so that
     * it is created now: true when it was, false when its creation failed (the component's state
     * then says why), null when it has no service yet to get.
     */
    private Boolean activate(String component, String uri) {
        org.osgi.framework.ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences((String) null, "(&(component.name=" + component + ")("
                    + FILENAME + "=" + escaped(uri) + "))");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            return null;
        }
        if (refs == null) {
            return null;
        }
        boolean created = true;
        for (org.osgi.framework.ServiceReference<?> ref : refs) {
            if (context.getService(ref) != null) {
                context.ungetService(ref);
            } else {
                created = false;
            }
        }
        return created;
    }

    private static boolean carries(Map<String, Object> properties, Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!Objects.equals(String.valueOf(properties.get(e.getKey())), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** A removed file: its configuration is deleted, the component goes back to its defaults. */
    private void remove(Path file) {
        OsgiApi admin = OsgiApi.of(context, ADMIN);
        if (admin == null) {
            return;
        }
        String filter = "(" + FILENAME + "=" + escaped(file.toUri().toString()) + ")";
        Object[] found = (Object[]) admin.call(ADMIN, "listConfigurations", new Class<?>[] {String.class}, filter);
        if (found != null) {
            for (Object c : found) {
                admin.invoke(c, CONFIGURATION, "delete", new Class<?>[0]);
            }
        }
    }

    /** A value as an LDAP filter takes it. */
    private static String escaped(String value) {
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("*", "\\*");
    }

    private String versionOf(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + ":" + a.size();
        } catch (IOException e) {
            return null;
        }
    }

    private List<Path> files() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".cfg") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
