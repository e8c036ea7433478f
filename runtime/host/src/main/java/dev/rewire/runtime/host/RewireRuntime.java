package dev.rewire.runtime.host;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.rewire.runtime.host.djl.DjlEngine;
import dev.rewire.runtime.host.osgi.FelixHost;
import dev.rewire.runtime.host.osgi.HostSettings;
import dev.rewire.runtime.host.policy.PolicyEngine;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;

/**
 * A started host: Felix with the bundles and the service catalogs over them, the policy, DJL and the
 * bundle-call threads; the one place that starts them in order and shuts them down in reverse.
 *
 * <p>Everything is started here, explicitly, never inside an injector's provider: a part that fails
 * to start closes every part started before it, so a failed start leaves no framework, watcher or
 * thread behind. What the commands build over the started parts (pipelines, runs) gets them by
 * constructor injection from {@link #injector()}.
 *
 * <p>Thread-safety: the accessors may be called from any thread once {@link #start} returned;
 * {@link #close()} is called once, by the owner, after every user of the parts has stopped.
 */
public final class RewireRuntime implements AutoCloseable {

    private final RuntimeOptions options;
    private final HostLog log;
    private final FelixHost felix;
    private final Services services;
    private final PolicyEngine policy;
    private final DjlEngine djl;
    private final BundleCalls calls;
    private final double startSeconds;
    private final Injector injector;

    private RewireRuntime(RuntimeOptions options, HostLog log, FelixHost felix, Services services,
                          PolicyEngine policy, DjlEngine djl, BundleCalls calls, double startSeconds) {
        this.options = options;
        this.log = log;
        this.felix = felix;
        this.services = services;
        this.policy = policy;
        this.djl = djl;
        this.calls = calls;
        this.startSeconds = startSeconds;
        this.injector = Guice.createInjector(new RewireModule(this));
    }

    /**
     * Starts DJL, Felix with the bundles, and the policy; fails with the cause's message. The three
     * share nothing, so they start side by side: DJL's engine (loading the native library, on the
     * host class loader) and the policy (compiled, or loaded from its cache) each on a thread of
     * their own while Felix starts the bundles on this one. Nothing is scored before all three are up.
     */
    public static RewireRuntime start(RuntimeOptions options, Consumer<String> log) {
        long t0 = System.nanoTime();
        Deque<AutoCloseable> started = new ArrayDeque<>();
        FutureTask<DjlEngine> djl = beside(DjlEngine::new, "rewire-djl-start");
        FutureTask<PolicyEngine> policy = beside(() -> new PolicyEngine(options.policy(), log), "rewire-policy-start");
        try {
            BundleCalls calls = new BundleCalls(log);
            started.push(calls);
            // No bundle touches DJL while it starts (the scorer asks for the engine when it first
            // scores), so DJL loads beside Felix.
            FelixHost felix = new FelixHost(new HostSettings(options.systemBundles(), options.builtinBundles(),
                    options.deploy(), options.poll()), log);
            started.push(felix); // a host that cannot start leaves no framework nor cache folder behind
            felix.start();
            Services services = Services.over(felix.context(), log);
            started.push(services);
            PolicyEngine engine = await(policy);
            started.push(engine);
            engine.watch(options.poll());
            DjlEngine scorerEngine = await(djl);
            return new RewireRuntime(options, new HostLog(log), felix, services, engine, scorerEngine, calls,
                    (System.nanoTime() - t0) / 1e9);
        } catch (Exception | Error e) {
            closeAll(started);
            closeLater(policy, started);
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while starting", e);
            }
            throw new StartupException(cause.getMessage(), cause);
        }
    }

    /** Work that may throw a checked exception, started on a daemon thread of its own. */
    private interface Starter<T> {
        T start() throws Exception;
    }

    private static <T> FutureTask<T> beside(Starter<T> starter, String threadName) {
        FutureTask<T> task = new FutureTask<>(starter::start);
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    private static <T> T await(FutureTask<T> task) throws ExecutionException, InterruptedException {
        return task.get();
    }

    /** The policy may still be compiling when another part failed: its engine is closed once it is there. */
    private static void closeLater(FutureTask<PolicyEngine> policy, Deque<AutoCloseable> started) {
        if (!policy.isDone() || started.stream().anyMatch(c -> c instanceof PolicyEngine)) {
            policy.cancel(false);
            return;
        }
        try {
            policy.get().close();
        } catch (Exception ignored) {
            // it failed to start: nothing to close
        }
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception ignored) {
                // closing the rest matters more than why one part would not close
            }
        }
    }

    public RuntimeOptions options() {
        return options;
    }

    public FelixHost felix() {
        return felix;
    }

    public Services services() {
        return services;
    }

    public PolicyEngine policy() {
        return policy;
    }

    public DjlEngine djl() {
        return djl;
    }

    public BundleCalls calls() {
        return calls;
    }

    public HostLog log() {
        return log;
    }

    /** The injector over the started parts: what a command builds on them gets them through its constructor. */
    public Injector injector() {
        return injector;
    }

    public double startSeconds() {
        return startSeconds;
    }

    @Override
    public void close() {
        Deque<AutoCloseable> parts = new ArrayDeque<>();
        parts.push(calls);
        parts.push(felix);
        parts.push(services);
        parts.push(policy);
        closeAll(parts);
    }

    /** The host could not start: the message says why. */
    public static final class StartupException extends RuntimeException {
        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
