package dev.rewire.runtime.host;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads calls into bundles run on, so that the caller can stop waiting for a call that never
 * returns. A call that hangs keeps its thread and the pool makes a new one for the next call: one
 * hung term costs one thread, never the run. A call started {@link #startReclaimable reclaimable}
 * can be taken back once its service is quarantined ({@link #reclaim}): after a grace for the
 * interrupt, its thread is stopped ({@code Thread.stop}, which Java 17 still has: a {@code ThreadDeath}
 * unwinds the call wherever it spins or sleeps). What this cannot reclaim: code that catches
 * {@code Throwable} and carries on, and a thread blocked in native code; from Java 20 on
 * {@code Thread.stop} is gone and the thread stays. Threads are daemons, so a hung call never keeps
 * the process alive. Thread safe; one per host.
 */
public final class BundleCalls implements AutoCloseable {

    /** How long a quarantined call gets to honour its interrupt before its thread is stopped. */
    static final long RECLAIM_GRACE_MS = 1_000;

    /**
     * A call that can be reclaimed: its future, and the thread running it while it runs. Its own
     * lock orders the end of the call against a reclaim, so a stop never reaches the next call the
     * pool thread runs.
     */
    public static final class Call<R> {
        private final String what;
        private Future<R> future;
        private Thread thread;
        private boolean done;

        private Call(String what) {
            this.what = what;
        }

        public Future<R> future() {
            return future;
        }
    }

    private final java.util.concurrent.ScheduledExecutorService reclaimer =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rewire-reclaimer");
                t.setDaemon(true);
                return t;
            });
    private final java.util.function.Consumer<String> log;
    private final AtomicInteger count = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rewire-bundle-call-" + count.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    /** Calls whose reclaim is scheduled and has not run yet (run at once by {@link #close}). */
    private final java.util.Set<Call<?>> awaitingReclaim = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public BundleCalls() {
        this(System.err::println);
    }

    public BundleCalls(java.util.function.Consumer<String> log) {
        this.log = log;
    }

    /** As {@link #start}, keeping what {@link #reclaim} needs; {@code what} names the call in messages. */
    public <R> Call<R> startReclaimable(String what, Callable<R> call) {
        Call<R> c = new Call<>(what);
        c.future = pool.submit(() -> {
            synchronized (c) {
                c.thread = Thread.currentThread();
            }
            try {
                return call.call();
            } catch (ThreadDeath death) {
                throw new IllegalStateException("stopped: quarantined", death);
            } finally {
                synchronized (c) {
                    c.done = true;
                    c.thread = null;
                }
            }
        });
        return c;
    }

    /**
     * Takes back the thread of a call whose service was quarantined: after {@link #RECLAIM_GRACE_MS}
     * (the interrupt may end it), a call still running has its thread stopped.
     */
    public void reclaim(Call<?> call) {
        awaitingReclaim.add(call);
        reclaimer.schedule(() -> stop(call), RECLAIM_GRACE_MS, TimeUnit.MILLISECONDS);
    }

    /** Stops the thread of a call that is still running (and says so); nothing once it has returned. */
    @SuppressWarnings({"deprecation", "removal"})
    private void stop(Call<?> call) {
        if (!awaitingReclaim.remove(call)) {
            return;
        }
        synchronized (call) {
            if (!call.done && call.thread != null && exiting(call.thread)) {
                // the call is the JVM's exit (a bundle's System.exit): stopping it would let another exit win
                log.accept("left the thread of " + call.what + " (" + call.thread.getName() + ") running: it is "
                        + "inside System.exit, which the process's exit guard answers");
                return;
            }
            if (!call.done && call.thread != null) {
                try {
                    log.accept("reclaimed the thread of " + call.what + " (" + call.thread.getName() + "): still "
                            + "running after its quarantine, it was stopped");
                    call.thread.stop();
                } catch (UnsupportedOperationException e) {
                    log.accept("cannot stop the thread of a quarantined call (" + call.thread.getName()
                            + "): this Java has no Thread.stop; it stays busy until the call returns");
                }
            }
        }
    }

    /** True when the thread is inside {@code Runtime.exit}, running the JVM's shutdown. */
    private static boolean exiting(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals("java.lang.Shutdown")
                    || (frame.getClassName().equals("java.lang.Runtime") && frame.getMethodName().equals("exit"))) {
                return true;
            }
        }
        return false;
    }

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
        // reclaims still waiting out their grace happen now: a closing host does not wait for them
        reclaimer.shutdownNow();
        for (Call<?> call : List.copyOf(awaitingReclaim)) {
            stop(call);
        }
        pool.shutdownNow();
    }
}
