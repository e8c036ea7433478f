package dev.rewire.runtime.host.osgi;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Calls into an OSGi service whose API package lives in a bundle, not on the host's class path
 * (Configuration Admin, Declarative Services' runtime): the method is looked up on the API
 * interface as the service's own bundle sees it, so no host class ever links against it. Used for
 * the few calls the host makes on configurations and component descriptions; one instance per
 * service, thread safe as the service is.
 */
final class OsgiApi {

    private final Object service;
    private final ServiceReference<?> reference;

    private OsgiApi(Object service, ServiceReference<?> reference) {
        this.service = service;
        this.reference = reference;
    }

    /** The service registered under this interface name, or null when none is. */
    static OsgiApi of(BundleContext context, String interfaceName) {
        ServiceReference<?> ref = context.getServiceReference(interfaceName);
        if (ref == null) {
            return null;
        }
        Object s = context.getService(ref);
        return s == null ? null : new OsgiApi(s, ref);
    }

    /** Calls {@code method} of the service's interface {@code interfaceName}. */
    Object call(String interfaceName, String method, Class<?>[] types, Object... args) {
        return invoke(service, interfaceName, method, types, args);
    }

    /** Calls a method of an object the service handed out (a Configuration), through its API interface. */
    Object invoke(Object target, String interfaceName, String method, Class<?>[] types, Object... args) {
        try {
            Class<?> api = reference.getBundle().loadClass(interfaceName);
            Method m = api.getMethod(method, types);
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(interfaceName + "." + method + ": " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call " + interfaceName + "." + method + ": " + e, e);
        }
    }

    /** A class of the service's API as its bundle sees it (a parameter type of {@link #call}). */
    Class<?> type(String className) {
        try {
            return reference.getBundle().loadClass(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the bundle of " + service.getClass().getName() + " has no " + className, e);
        }
    }

    /** A public field of a data transfer object (the DS runtime's DTOs are plain public fields). */
    static Object field(Object dto, String name) {
        try {
            return dto.getClass().getField(name).get(dto);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("no field " + name + " on " + dto.getClass().getName(), e);
        }
    }
}
