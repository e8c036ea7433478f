package dev.rewire.runtime.host;

import com.google.inject.AbstractModule;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.host.djl.DjlEngine;
import dev.rewire.runtime.host.osgi.FelixHost;
import dev.rewire.runtime.host.policy.PolicyEngine;

/**
 * Binds the parts of a started host, so that what a command builds over them (a pipeline, a run)
 * takes them through an {@code @Inject} constructor. Nothing is started here: {@link RewireRuntime#start}
 * does that, in order, and closes what it started when a part fails.
 */
final class RewireModule extends AbstractModule {

    private final RewireRuntime runtime;

    RewireModule(RewireRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    protected void configure() {
        bind(RewireRuntime.class).toInstance(runtime);
        bind(RuntimeOptions.class).toInstance(runtime.options());
        bind(ScoringOptions.class).toInstance(runtime.options().scoring());
        bind(PipelineLimits.class).toInstance(runtime.options().limits());
        bind(HostLog.class).toInstance(runtime.log());
        bind(FelixHost.class).toInstance(runtime.felix());
        bind(Services.class).toInstance(runtime.services());
        bind(PolicyEngine.class).toInstance(runtime.policy());
        bind(DjlEngine.class).toInstance(runtime.djl());
        bind(BundleCalls.class).toInstance(runtime.calls());
    }
}
