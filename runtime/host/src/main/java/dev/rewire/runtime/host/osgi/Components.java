package dev.rewire.runtime.host.osgi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * What Declarative Services knows about components, read through its runtime service: the
 * properties a configuration PID's components declare (with their defaults, whose types are what
 * a .cfg value must convert to), and why a component failed to activate, in one line instead of
 * SCR's stack trace. Thread safe; every call reads the runtime's state afresh.
 */
final class Components {

    static final String RUNTIME = "org.osgi.service.component.runtime.ServiceComponentRuntime";
    private static final String DESCRIPTION = "org.osgi.service.component.runtime.dto.ComponentDescriptionDTO";
    /** ComponentConfigurationDTO states (OSGi DS 1.4). */
    static final int SATISFIED = 4;
    static final int ACTIVE = 8;
    static final int FAILED_ACTIVATION = 16;

    /** One configuration of a component: its state, its properties, and why it failed (or null). */
    record Instance(String component, int state, Map<String, Object> properties, String failure) {
    }

    private final BundleContext context;

    Components(BundleContext context) {
        this.context = context;
    }

    private OsgiApi runtime() {
        return OsgiApi.of(context, RUNTIME);
    }

    /** The declared properties (name to default) of every component configured by this PID; empty if none. */
    Map<String, Object> declared(String pid) {
        Map<String, Object> out = new TreeMap<>();
        for (Object d : descriptions()) {
            if (configuredBy(d, pid)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> props = (Map<String, Object>) OsgiApi.field(d, "properties");
                if (props != null) {
                    out.putAll(props);
                }
            }
        }
        return out;
    }

    /** True when some component declares this configuration PID. */
    boolean knows(String pid) {
        return descriptions().stream().anyMatch(d -> configuredBy(d, pid));
    }

    /** Every configuration (instance) of the components configured by this PID, as they are now. */
    List<Instance> instances(String pid) {
        OsgiApi scr = runtime();
        List<Instance> out = new ArrayList<>();
        if (scr == null) {
            return out;
        }
        for (Object d : descriptions()) {
            if (!configuredBy(d, pid)) {
                continue;
            }
            Collection<?> configs = (Collection<?>) scr.call(RUNTIME, "getComponentConfigurationDTOs",
                    new Class<?>[] {scr.type(DESCRIPTION)}, d);
            for (Object c : configs) {
                @SuppressWarnings("unchecked")
                Map<String, Object> props = (Map<String, Object>) OsgiApi.field(c, "properties");
                out.add(new Instance((String) OsgiApi.field(d, "name"), (Integer) OsgiApi.field(c, "state"),
                        props == null ? Map.of() : props, failureOf(c)));
            }
        }
        return out;
    }

    /** Why the component of this name failed to activate, in one line, or null when none of it did. */
    String failureOf(String componentName) {
        OsgiApi scr = runtime();
        if (scr == null || componentName == null) {
            return null;
        }
        for (Object d : descriptions()) {
            if (componentName.equals(OsgiApi.field(d, "name"))) {
                for (Object c : (Collection<?>) scr.call(RUNTIME, "getComponentConfigurationDTOs",
                        new Class<?>[] {scr.type(DESCRIPTION)}, d)) {
                    String f = failureOf(c);
                    if (f != null) {
                        return f;
                    }
                }
            }
        }
        return null;
    }

    private static String failureOf(Object configurationDto) {
        Object state = OsgiApi.field(configurationDto, "state");
        if (!(state instanceof Integer s) || s != FAILED_ACTIVATION) {
            return null;
        }
        Object failure;
        try {
            failure = OsgiApi.field(configurationDto, "failure");
        } catch (IllegalStateException e) {
            return "failed to activate";
        }
        return rootCause(failure == null ? null : failure.toString());
    }

    /** The innermost cause of a printed stack trace, without its package: "IllegalArgumentException: ...". */
    static String rootCause(String stackTrace) {
        if (stackTrace == null || stackTrace.isBlank()) {
            return "failed to activate";
        }
        String cause = stackTrace.lines().findFirst().orElse("").strip();
        for (String line : stackTrace.lines().toList()) {
            if (line.startsWith("Caused by: ")) {
                cause = line.substring("Caused by: ".length()).strip();
            }
        }
        int colon = cause.indexOf(':');
        String type = colon < 0 ? cause : cause.substring(0, colon);
        int dot = type.lastIndexOf('.');
        return dot < 0 || type.contains(" ") ? cause : cause.substring(dot + 1);
    }

    private List<?> descriptions() {
        OsgiApi scr = runtime();
        if (scr == null) {
            return List.of();
        }
        Collection<?> all = (Collection<?>) scr.call(RUNTIME, "getComponentDescriptionDTOs",
                new Class<?>[] {Bundle[].class}, (Object) new Bundle[0]);
        return new ArrayList<>(all);
    }

    private static boolean configuredBy(Object description, String pid) {
        Object pids = OsgiApi.field(description, "configurationPid");
        if (pids instanceof String[] a) {
            for (String p : a) {
                if (pid.equals(p)) {
                    return true;
                }
            }
        }
        return false;
    }
}
