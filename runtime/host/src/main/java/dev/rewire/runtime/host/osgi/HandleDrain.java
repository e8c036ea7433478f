package dev.rewire.runtime.host.osgi;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The wait between a service going away and its release: its {@link ServiceCatalog} blocks the
 * unregistration until the calls already inside the retired {@link ServiceHandle} have left, bounded
 * by the drain timeout, so SCR never deactivates a component under a running call. The handle's
 * monitor is what a leaving call notifies and the drain waits on. Thread safe.
 */
final class HandleDrain {

    private final Duration drainTimeout;
    private final Consumer<String> log;

    HandleDrain(Duration drainTimeout, Consumer<String> log) {
        this.drainTimeout = drainTimeout;
        this.log = log;
    }

    /** A call leaves the handle; the last to leave a retired one wakes its drain. */
    static void leave(ServiceHandle<?> handle) {
        if (handle.inFlight.decrementAndGet() == 0 && handle.retired) {
            synchronized (handle) {
                handle.notifyAll();
            }
        }
    }

    /**
     * Waits until the calls inside a retired handle have left, up to the drain timeout; a handle
     * quarantined with calls still inside is released at once (its calls are taken to hang).
     */
    void await(ServiceHandle<?> handle) {
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
}
