package dev.rewire.runtime.serve;

import dev.rewire.runtime.host.RewireRuntime;
import dev.rewire.runtime.host.osgi.FelixHost;
import dev.rewire.runtime.engine.BatchPipeline;
import dev.rewire.runtime.host.Services;
import dev.rewire.runtime.host.policy.PolicyEngine;
import dev.rewire.runtime.engine.shadow.ShadowPolicy;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * {@code rewire serve}'s lifecycle: listen at once (so {@code /health} answers while the host
 * starts), serve once the host is up, and stop in order: stop accepting, answer what is in flight,
 * drain the micro-batcher, shut the host down (which removes its temporary folders).
 */
public final class RewireService {

    /** How long a stop waits for requests in flight. */
    private static final long DRAIN_MILLIS = 30_000;

    private final RewardServer server;
    private final ServerMetrics metrics;
    private final Consumer<String> log;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private RewireRuntime runtime;
    private MicroBatcher batcher;
    private GroupBarrier barrier;
    private ShadowPolicy shadow;
    private boolean stopping;
    /** Why serving failed for good (the process then exits non-zero), or null. */
    private volatile String failure;

    private RewireService(RewardServer server, ServerMetrics metrics, Consumer<String> log) {
        this.server = server;
        this.metrics = metrics;
        this.log = log;
    }

    public static RewireService listen(ServeOptions options, Consumer<String> log) {
        ServerMetrics metrics = new ServerMetrics(options.maxBatch(), log);
        RewardServer server = new RewardServer(options, metrics, log);
        server.start();
        return new RewireService(server, metrics, log);
    }

    public InetSocketAddress address() {
        return server.address();
    }

    /** Starts answering scoring requests with the started host (or closes it, when a stop came first). */
    public synchronized void serve(RewireRuntime runtime, ServeOptions options) {
        serve(runtime, options, null);
    }

    /** As {@link #serve(RewireRuntime, ServeOptions)}, with a candidate policy shadowing every micro-batch, or null. */
    public synchronized void serve(RewireRuntime runtime, ServeOptions options, ShadowPolicy shadow) {
        if (stopping) {
            if (shadow != null) {
                shadow.close();
            }
            runtime.close();
            return;
        }
        this.runtime = runtime;
        this.shadow = shadow;
        BatchPipeline pipeline = runtime.injector().getInstance(BatchPipeline.class);
        Services services = runtime.services();
        // a batch runs five deadline-bound stages (filters, policy, terms, scorer, checks): past six
        // deadlines and ten seconds it is stuck, and /health says so
        long stuckMillis = 6 * runtime.options().limits().termTimeout().toMillis() + 10_000;
        this.batcher = new MicroBatcher(pipeline::process, options.maxBatch(), options.maxWaitMillis(), stuckMillis,
                metrics::batch, log, this::fail);
        List<String> logTerms = List.copyOf(services.terms().ids());
        HostView view = new RuntimeView(runtime, pipeline, services);
        metrics.attach(view);
        MicroBatcher b = batcher;
        if (shadow != null) {
            b.shadowing(shadow);
        }
        this.barrier = new GroupBarrier(b, options.groupWaitMillis());
        GroupBarrier gate = barrier;
        server.ready(new RewardServer.Backend() {
            @Override
            public MicroBatcher batcher() {
                return b;
            }

            @Override
            public GroupBarrier barrier() {
                return gate;
            }

            @Override
            public List<String> logTerms() {
                return logTerms;
            }

            @Override
            public String unhealthy() {
                return b.health();
            }

            @Override
            public Map<String, Object> readiness() {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("ready", true);
                out.put("policy", view.policySha256());
                out.put("bundles", view.bundles());
                out.put("terms", services.terms().ids());
                out.put("log_terms", logTerms);
                out.put("quarantined", view.quarantined());
                out.put("checks", metrics.checks());
                out.put("domain", options.domains().describe());
                Map<String, Object> groups = new LinkedHashMap<>();
                groups.put("size", options.groupSize());
                groups.put("wait_ms", options.groupWaitMillis());
                groups.put("waiting", gate.waiting());
                out.put("groups", groups);
                if (shadow != null) {
                    out.put("shadow", shadow.status());
                }
                return out;
            }
        });
    }

    /**
     * Serving cannot go on (the micro-batcher is dead for good): /health and /ready already say so;
     * stop in order, and {@link #failure} tells the command to exit with a failure status.
     */
    void fail(String reason) {
        failure = reason;
        log.accept("rewire: serving cannot go on: " + reason + "; stopping");
        Thread t = new Thread(this::stop, "rewire-serve-failed");
        t.setDaemon(true);
        t.start();
    }

    /** Why serving failed for good, or null when it stopped on request. */
    public String failure() {
        return failure;
    }

    /** Stops in order; safe to call more than once and from a shutdown hook. */
    public void stop() {
        // the flag is set under the lock: serve() either ran before (its host is closed below) or sees it
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        try {
            log.accept("rewire: stopping: answering the requests in flight");
            if (barrier != null) {
                // held groups go now, short (their records say so), instead of waiting out --group-wait-ms
                barrier.releaseAll();
            }
            if (batcher != null && batcher.health() != null) {
                // nothing in flight will be answered by a dead or stuck batcher: fail them now, not after the drain
                batcher.close();
            }
            server.shutdown(DRAIN_MILLIS);
            if (barrier != null) {
                barrier.close();
            }
            if (batcher != null) {
                batcher.close();
            }
            if (shadow != null) {
                // the batcher's loop has ended: nothing compares any more
                log.accept("rewire: " + shadow.summary().describe());
                shadow.close();
            }
            if (runtime != null) {
                runtime.close();
            }
            log.accept("rewire: stopped");
        } finally {
            stopped.countDown();
        }
    }

    /** Blocks until {@link #stop} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** The host as the metrics and {@code /ready} see it, read live. */
    private record RuntimeView(RewireRuntime runtime, BatchPipeline pipeline, Services services) implements HostView {

        @Override
        public Map<String, Double> stageSeconds() {
            return pipeline.stageTimes().seconds();
        }

        @Override
        public String policySha256() {
            return runtime.policy().current().sha256();
        }

        @Override
        public Map<String, String> bundles() {
            return runtime.felix().activeBundleVersions();
        }

        @Override
        public PolicyEngine.ReloadStats policyReloads() {
            return runtime.policy().reloadStats();
        }

        @Override
        public Map<String, String> quarantined() {
            Map<String, String> out = new TreeMap<>(services.terms().quarantined());
            services.checks().quarantined().forEach((k, v) -> out.put("check " + k, v));
            return out;
        }
    }
}
