package dev.rewire.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.rewire.framework.spi.AnnotationFilter;
import dev.rewire.framework.spi.BatchCheck;
import dev.rewire.framework.spi.RewardScorer;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.runtime.djl.DjlEngine;
import dev.rewire.runtime.osgi.FelixHost;
import dev.rewire.runtime.osgi.HostSettings;
import dev.rewire.runtime.osgi.ServiceCatalog;
import dev.rewire.runtime.pipeline.BatchPipeline;
import dev.rewire.runtime.pipeline.BundleCalls;
import dev.rewire.runtime.pipeline.Services;
import dev.rewire.runtime.policy.PolicyCompileException;
import dev.rewire.runtime.policy.PolicyEngine;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * Wires the host: the OSGi framework, the service catalogs over it, the policy engine, DJL and
 * the batch pipeline. Bundles are never wired here: they publish services through Declarative
 * Services and the host sees them only through {@link ServiceCatalog}s.
 */
public final class RewireModule extends AbstractModule {

    /** How long a call already inside a replaced service may take before it is released anyway. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** How long a lookup waits for the new version of a service that is being swapped. */
    static final Duration SWAP_GRACE = Duration.ofSeconds(10);

    private final RuntimeOptions options;
    private final Consumer<String> log;

    public RewireModule(RuntimeOptions options, Consumer<String> log) {
        this.options = options;
        this.log = log;
    }

    @Override
    protected void configure() {
        bind(RuntimeOptions.class).toInstance(options);
    }

    @Provides
    @Singleton
    DjlEngine djl() {
        return new DjlEngine();
    }

    @Provides
    @Singleton
    FelixHost felix() throws BundleException {
        // No bundle touches DJL while it starts (the scorer asks for the engine when it first scores),
        // so DJL loads beside Felix; RewireRuntime.start waits for both before anything is scored.
        FelixHost host = new FelixHost(new HostSettings(options.systemBundles(), options.builtinBundles(),
                options.deploy(), options.poll()), log);
        try {
            host.start();
        } catch (BundleException | RuntimeException e) {
            host.close(); // a host that cannot start leaves no framework nor cache folder behind
            throw e;
        }
        return host;
    }

    @Provides
    @Singleton
    Services services(FelixHost host) {
        BundleContext ctx = host.context();
        return new Services(
                new ServiceCatalog<>(ctx, RewardTerm.class, RewardTerm::id, DRAIN_TIMEOUT, SWAP_GRACE, log),
                new ServiceCatalog<>(ctx, AnnotationFilter.class, AnnotationFilter::id, DRAIN_TIMEOUT, SWAP_GRACE, log),
                new ServiceCatalog<>(ctx, BatchCheck.class, BatchCheck::id, DRAIN_TIMEOUT, SWAP_GRACE, log),
                new ServiceCatalog<>(ctx, RewardScorer.class, s -> Services.SCORER, DRAIN_TIMEOUT, SWAP_GRACE, log));
    }

    @Provides
    @Singleton
    PolicyEngine policy() throws PolicyCompileException, IOException {
        PolicyEngine engine = new PolicyEngine(options.policy(), log);
        engine.watch(options.poll());
        return engine;
    }

    @Provides
    @Singleton
    BundleCalls bundleCalls() {
        return new BundleCalls(log);
    }

    @Provides
    BatchPipeline pipeline(Services services, PolicyEngine policy, BundleCalls calls) {
        return new BatchPipeline(services, policy, options.scoring(), options.limits(), calls, log);
    }
}
