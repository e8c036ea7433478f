package dev.rewire.runtime.host.osgi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * The host's view of one SPI's services, keyed by id, safe across hot swaps.
 *
 * <p>Callers never hold a raw service object (it goes stale on the next swap): they take a
 * {@link Lease} per call. When a service goes away, its handle is retired at once (new leases go
 * to the next best service) and the catalog blocks the unregistration until the calls already
 * inside it have left, bounded by the drain timeout, so SCR never deactivates a component under
 * a running call. While a replacement for a just-removed id is on its way (a bundle update is
 * stop, then start), {@link #acquire} waits for it up to the swap grace instead of failing.
 *
 * <p>Among several services with one id the highest {@code service.ranking} wins, then the highest
 * bundle version, then the newest registration. Thread safe.
 */
public final class ServiceCatalog<T> implements AutoCloseable {

    private final BundleContext context;
    private final Function<T, String> idOf;
    private final Duration drainTimeout;
    private final Duration swapGrace;
    private final Consumer<String> log;
    private final List<ServiceHandle<T>> handles = new CopyOnWriteArrayList<>();
    private final Map<String, Long> removedAt = new ConcurrentHashMap<>();
    private final Object changed = new Object();
    private final ServiceTracker<T, ServiceHandle<T>> tracker;

    public ServiceCatalog(BundleContext context, Class<T> type, Function<T, String> idOf, Duration drainTimeout,
                          Duration swapGrace, Consumer<String> log) {
        this.context = context;
        this.idOf = idOf;
        this.drainTimeout = drainTimeout;
        this.swapGrace = swapGrace;
        this.log = log;
        this.tracker = new ServiceTracker<>(context, type, new Customizer());
        this.tracker.open();
    }

    /**
     * A lease on the best service with this id, or null when none is deployed (after waiting up to
     * the swap grace if one with this id was removed within it).
     */
    public Lease<T> acquire(String id) {
        long deadline = -1;
        while (true) {
            ServiceHandle<T> best = best(id);
            if (best != null) {
                best.inFlight.incrementAndGet();
                if (!best.retired) {
                    return new Lease<>(best, () -> leave(best));
                }
                leave(best);
                continue;
            }
            Long removed = removedAt.get(id);
            if (removed == null) {
                return null;
            }
            if (deadline < 0) {
                deadline = removed + swapGrace.toNanos();
            }
            long wait = deadline - System.nanoTime();
            if (wait <= 0) {
                return null;
            }
            synchronized (changed) {
                if (best(id) == null) {
                    try {
                        changed.wait(Math.max(1, wait / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }
            }
        }
    }

    /**
     * Takes the leased service out of service until its bundle is updated or redeployed (a new
     * registration): later lookups go to the next best service with its id, or find none. Calls
     * already inside it are left alone; a call that hangs keeps its thread.
     */
    public void quarantine(Lease<T> lease, String reason) {
        ServiceHandle<T> h = lease.handle;
        if (h.quarantine == null) {
            h.quarantine = reason;
            log.accept("quarantined " + h.id + " of " + h.bundle + " " + h.version + ": " + reason
                    + "; redeploy the bundle to lift it");
        }
    }

    /**
     * Why services with this id are quarantined ("timeout after 5000 ms (bundle 1.0.0)"), when no
     * other service with the id serves; null otherwise.
     */
    public String quarantineOf(String id) {
        if (best(id) != null) {
            return null;
        }
        for (ServiceHandle<T> h : handles) {
            if (!h.retired && h.quarantine != null && h.id.equals(id)) {
                return h.quarantine + " (" + h.bundle + " " + h.version + ")";
            }
        }
        return null;
    }

    /** Every quarantined service still registered: "id (bundle version)" to the reason. */
    public Map<String, String> quarantined() {
        Map<String, String> out = new java.util.TreeMap<>();
        for (ServiceHandle<T> h : handles) {
            if (!h.retired && h.quarantine != null) {
                out.put(h.id + " (" + h.bundle + " " + h.version + ")", h.quarantine);
            }
        }
        return out;
    }

    /** The ids of the services serving now (neither retired nor quarantined), sorted. */
    public Set<String> ids() {
        Set<String> ids = new TreeSet<>();
        for (ServiceHandle<T> h : handles) {
            if (!h.retired && h.quarantine == null) {
                ids.add(h.id);
            }
        }
        return ids;
    }

    /** Leases on the best service of every id, for SPIs where all deployed services run. */
    public List<Lease<T>> acquireAll() {
        List<Lease<T>> leases = new ArrayList<>();
        for (String id : ids()) {
            Lease<T> lease = acquire(id);
            if (lease != null) {
                leases.add(lease);
            }
        }
        return leases;
    }

    private ServiceHandle<T> best(String id) {
        ServiceHandle<T> best = null;
        for (ServiceHandle<T> h : handles) {
            if (!h.retired && h.quarantine == null && h.id.equals(id) && (best == null || h.outranks(best))) {
                best = h;
            }
        }
        return best;
    }

    private void leave(ServiceHandle<T> handle) {
        if (handle.inFlight.decrementAndGet() == 0 && handle.retired) {
            synchronized (handle) {
                handle.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        tracker.close();
    }

    private final class Customizer implements ServiceTrackerCustomizer<T, ServiceHandle<T>> {

        @Override
        public ServiceHandle<T> addingService(ServiceReference<T> reference) {
            T service = context.getService(reference);
            if (service == null) {
                // its component could not be created (its constructor threw): say why, in one line
                String component = String.valueOf(reference.getProperty("component.name"));
                String why = new Components(context).failureOf(component);
                log.accept("a service of bundle " + reference.getBundle().getSymbolicName() + " (" + component
                        + ") could not be created: " + (why == null ? "its component did not activate" : why));
                return null;
            }
            String id;
            try {
                id = idOf.apply(service);
            } catch (RuntimeException e) {
                log.accept("ignoring a service of bundle " + reference.getBundle().getSymbolicName()
                        + ": its id() failed: " + e);
                context.ungetService(reference);
                return null;
            }
            ServiceHandle<T> handle = new ServiceHandle<>(service, id, reference);
            handles.add(handle);
            synchronized (changed) {
                changed.notifyAll();
            }
            return handle;
        }

        @Override
        public void modifiedService(ServiceReference<T> reference, ServiceHandle<T> handle) {
            // ranking changes are rare; they take effect on the next registration
        }

        @Override
        public void removedService(ServiceReference<T> reference, ServiceHandle<T> handle) {
            // Mark the id as swapping before the handle disappears, so a lookup in between waits.
            removedAt.put(handle.id, System.nanoTime());
            handle.retired = true;
            handles.remove(handle);
            drain(handle);
            context.ungetService(reference);
        }
    }

    private void drain(ServiceHandle<T> handle) {
        if (handle.quarantine != null && handle.inFlight.get() > 0) {
            // quarantined for a call that did not return: waiting the drain out would only add its
            // length to every swap and shutdown; the hung call keeps its (daemon) thread
            log.accept("released " + handle.id + " of " + handle.bundle + " " + handle.version + " at once, leaving "
                    + handle.inFlight.get() + " hung call(s) behind (quarantined: " + handle.quarantine + ")");
            return;
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        synchronized (handle) {
            while (handle.inFlight.get() > 0) {
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    log.accept("released " + handle.id + " of " + handle.bundle + " " + handle.version + " with "
                            + handle.inFlight.get() + " call(s) still inside after " + drainTimeout.toMillis() + " ms");
                    return;
                }
                try {
                    handle.wait(Math.max(1, wait / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Number of services tracked, retired ones excluded. */
    public int size() {
        return (int) handles.stream().filter(h -> !h.retired).count();
    }

    /** The ids each bundle (by symbolic name) serves in this catalog right now. */
    public Map<String, List<String>> idsByBundle() {
        Map<String, List<String>> byBundle = new java.util.TreeMap<>();
        for (ServiceHandle<T> h : handles) {
            if (!h.retired) {
                byBundle.computeIfAbsent(h.bundle, b -> new ArrayList<>()).add(h.id);
            }
        }
        return byBundle;
    }
}
