package dev.rewire.runtime.host.osgi;

import java.util.Map;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Watches a component take the settings of a {@code .cfg} file just applied ({@link ConfigFolder}):
 * whether it activates with them, or refuses them (its constructor throws) and why. A delayed
 * component nobody has asked for yet is made to activate by getting its service once. Stateless
 * between calls; the calling thread.
 */
final class ActivationWatch {

    /** How long a new configuration's activation is watched for a refusal. */
    private static final long ACTIVATION_WAIT_MS = 5_000;

    private final BundleContext context;
    private final Components components;

    ActivationWatch(BundleContext context, Components components) {
        this.context = context;
        this.components = components;
    }

    /**
     * Waits (bounded) for the configured component to take these settings: null once it is active
     * with them (or the wait ran out with it still only satisfied: a component nobody asked for
     * yet), the one-line reason when its activation failed.
     */
    String await(String pid, String uri, Map<String, String> values) {
        if (!components.knows(pid)) {
            return null; // a PID no bundle declares (yet): nothing to watch
        }
        long deadline = System.currentTimeMillis() + ACTIVATION_WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            for (Components.Instance i : components.instances(pid)) {
                if (!uri.equals(i.properties().get(ConfigFolder.FILENAME)) || !carries(i.properties(), values)) {
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
                    Boolean created = activate(i.component(), uri, values);
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
     * Gets (and lets go of) the service of a satisfied component configured by this file with these
     * values, so that it is created now: true when it was, false when its creation failed (the
     * component's state then says why), null when it has no such service yet to get. A service
     * still registered with the file's previous values is not it: SCR swaps the registration after
     * the DTO already shows the new values, and creating the old one would pass the new settings as
     * accepted while the component refuses them.
     */
    private Boolean activate(String component, String uri, Map<String, String> values) {
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences((String) null, "(&(component.name=" + component + ")("
                    + ConfigFolder.FILENAME + "=" + LdapFilters.escaped(uri) + "))");
        } catch (InvalidSyntaxException e) {
            return null;
        }
        if (refs == null) {
            return null;
        }
        boolean created = true;
        boolean any = false;
        for (ServiceReference<?> ref : refs) {
            if (!carries(ref, values)) {
                continue;
            }
            any = true;
            if (context.getService(ref) != null) {
                context.ungetService(ref);
            } else {
                created = false;
            }
        }
        return any ? created : null;
    }

    private static boolean carries(ServiceReference<?> ref, Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!Objects.equals(String.valueOf(ref.getProperty(e.getKey())), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean carries(Map<String, Object> properties, Map<String, String> values) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!Objects.equals(String.valueOf(properties.get(e.getKey())), e.getValue())) {
                return false;
            }
        }
        return true;
    }
}
