package dev.rewire.runtime.host.osgi;

import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/**
 * One registered service as the catalog holds it: the object, where it came from, and how many
 * calls are inside it right now. A handle is retired when its service goes away; it is released
 * only once its in-flight count drains to 0 (or the drain times out).
 */
final class ServiceHandle<T> {

    final T service;
    final String id;
    final String bundle;
    final Version version;
    final int ranking;
    final long serviceId;
    final ServiceReference<T> reference;
    final AtomicInteger inFlight = new AtomicInteger();
    volatile boolean retired;
    /** Why this service was taken out of service while still registered (a call hung), or null. */
    volatile String quarantine;

    ServiceHandle(T service, String id, ServiceReference<T> reference) {
        this.service = service;
        this.id = id;
        this.reference = reference;
        this.bundle = reference.getBundle().getSymbolicName();
        this.version = reference.getBundle().getVersion();
        Object r = reference.getProperty(org.osgi.framework.Constants.SERVICE_RANKING);
        this.ranking = r instanceof Integer i ? i : 0;
        this.serviceId = (Long) reference.getProperty(org.osgi.framework.Constants.SERVICE_ID);
    }

    /** True when this handle should serve its id rather than {@code other}. */
    boolean outranks(ServiceHandle<T> other) {
        if (ranking != other.ranking) {
            return ranking > other.ranking;
        }
        int byVersion = version.compareTo(other.version);
        if (byVersion != 0) {
            return byVersion > 0;
        }
        return serviceId > other.serviceId;
    }
}
