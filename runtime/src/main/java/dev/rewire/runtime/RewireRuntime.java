package dev.rewire.runtime;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import dev.rewire.runtime.djl.DjlEngine;
import dev.rewire.runtime.osgi.FelixHost;
import dev.rewire.runtime.pipeline.BatchPipeline;
import dev.rewire.runtime.pipeline.BundleCalls;
import dev.rewire.runtime.pipeline.Services;
import dev.rewire.runtime.policy.PolicyEngine;
import java.util.function.Consumer;

/**
 * A started host: what a command needs, and the one place that shuts it all down in order.
 */
public final class RewireRuntime implements AutoCloseable {

    private final Injector injector;
    private final double startSeconds;

    private RewireRuntime(Injector injector, double startSeconds) {
        this.injector = injector;
        this.startSeconds = startSeconds;
    }

    /**
     * Starts DJL, Felix with the bundles, and the policy; fails with the cause's message. The three
     * share nothing, so they start side by side: DJL's engine (loading the native library, on the
     * host class loader) and the policy (compiled, or loaded from its cache) each on a thread of
     * their own while Felix starts the bundles on this one. Nothing is scored before all three are up.
     */
    public static RewireRuntime start(RuntimeOptions options, Consumer<String> log) {
        long t0 = System.nanoTime();
        Injector injector = Guice.createInjector(new RewireModule(options, log));
        FutureTask<DjlEngine> djl = startBeside(injector, DjlEngine.class, "rewire-djl-start");
        FutureTask<PolicyEngine> policy = startBeside(injector, PolicyEngine.class, "rewire-policy-start");
        try {
            injector.getInstance(FelixHost.class);
            injector.getInstance(Services.class);
            djl.get();
            policy.get();
        } catch (ProvisionException e) {
            throw startupFailure(e);
        } catch (ExecutionException e) {
            throw startupFailure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while starting", e);
        }
        return new RewireRuntime(injector, (System.nanoTime() - t0) / 1e9);
    }

    private static <T> FutureTask<T> startBeside(Injector injector, Class<T> type, String threadName) {
        FutureTask<T> task = new FutureTask<>(() -> injector.getInstance(type));
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    private static StartupException startupFailure(Throwable e) {
        Throwable cause = e instanceof ProvisionException && e.getCause() != null ? e.getCause() : e;
        return new StartupException(cause.getMessage(), cause);
    }

    public <T> T get(Class<T> type) {
        return injector.getInstance(type);
    }

    public BatchPipeline pipeline() {
        return injector.getInstance(BatchPipeline.class);
    }

    public double startSeconds() {
        return startSeconds;
    }

    @Override
    public void close() {
        injector.getInstance(PolicyEngine.class).close();
        Services s = injector.getInstance(Services.class);
        s.terms().close();
        s.filters().close();
        s.checks().close();
        s.scorers().close();
        injector.getInstance(FelixHost.class).close();
        injector.getInstance(BundleCalls.class).close();
    }

    /** The host could not start: the message says why. */
    public static final class StartupException extends RuntimeException {
        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
