package dev.rewire.runtime.serve;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * What the host counts itself, read live through the {@link HostView}: pipeline wall time per stage
 * ({@code rewire_stage_seconds_total{stage}}) and the policy folder watcher's reloads
 * ({@code rewire_policy_reloads_total}, {@code rewire_policy_reload_failures_total},
 * {@code rewire_policy_compile_seconds_total}). Thread safe as the view is.
 */
final class HostCounters implements MeterBinder {

    private final HostView host;

    HostCounters(HostView host) {
        this.host = host;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String stage : host.stageSeconds().keySet()) {
            FunctionCounter.builder("rewire.stage.seconds", host, h -> h.stageSeconds().get(stage)).tag("stage", stage)
                    .description("pipeline wall time in each stage since start").register(registry);
        }
        FunctionCounter.builder("rewire.policy.reloads", host, h -> h.policyReloads().reloads())
                .description("policy edits compiled and swapped in").register(registry);
        FunctionCounter.builder("rewire.policy.reload.failures", host, h -> h.policyReloads().failures())
                .description("policy edits that did not compile (the last good policy kept serving)").register(registry);
        FunctionCounter.builder("rewire.policy.compile.seconds", host, h -> h.policyReloads().compileSeconds())
                .description("seconds spent compiling policy edits").register(registry);
    }
}
