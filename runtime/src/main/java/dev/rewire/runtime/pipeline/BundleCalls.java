package dev.rewire.runtime.pipeline;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads calls into bundles run on, so that the caller can stop waiting for a call that never
 * returns. A call that hangs keeps its thread (Java cannot stop it) and the pool makes a new one for
 * the next call: one hung term costs one idle thread, never the run. Threads are daemons, so a hung
 * call never keeps the process alive. Thread safe; one per host.
 */
public final class BundleCalls implements AutoCloseable {

    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rewire-bundle-call-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public <R> Future<R> start(Callable<R> call) {
        return pool.submit(call);
    }

    /**
     * Runs a call and waits for it at most {@code timeout}; a call still running then is
     * interrupted (which a hung call may ignore) and left behind.
     *
     * @throws TimeoutException when the call did not return in time
     * @throws ExecutionException carrying what the call threw
     */
    public <R> R within(Duration timeout, Callable<R> call) throws TimeoutException, ExecutionException {
        Future<R> f = start(call);
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw e;
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ExecutionException(e);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
