package dev.rewire.runtime.host.osgi;

/**
 * The right to call one service until {@link #close()}: while a lease is open the service is not
 * released, even if its bundle is being updated. Use with try-with-resources; not shareable
 * between threads.
 */
public final class Lease<T> implements AutoCloseable {

    final ServiceHandle<T> handle;
    private final Runnable onClose;
    private boolean closed;

    Lease(ServiceHandle<T> handle, Runnable onClose) {
        this.handle = handle;
        this.onClose = onClose;
    }

    public T service() {
        return handle.service;
    }

    /** The service's id within its catalog (a term id, a check id, ...). */
    public String id() {
        return handle.id;
    }

    /** Symbolic name of the bundle that registered the service. */
    public String bundle() {
        return handle.bundle;
    }

    /** Version of that bundle. */
    public String version() {
        return handle.version.toString();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }
}
