package dev.rewire.runtime.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The server's Micrometer Prometheus registry ({@code GET /metrics}) and what the server itself
 * measures: request latency ({@code rewire_requests_seconds{endpoint,status}}) and request items
 * rejected as unusable ({@code rewire_rejected_samples_total}). Every other meter belongs to the
 * component that owns the measured thing and is bound here ({@link #bind}, Micrometer's
 * {@link MeterBinder} pattern): the micro-batcher (batches, blocks, groups), the group barrier,
 * the connection guard, the serving windows (terms, rewards), the check board, the host watch
 * (swaps, policy changes, quarantines, what serves now) and the host's own counters (stage time,
 * policy reloads); plus Micrometer's JVM and process binders. The README's metrics table lists
 * every name; {@code examples/grafana/rewire-serve.json} charts them; {@code MetricNamesTest} pins them.
 *
 * <p>Thread safe: requests are recorded from every I/O thread, binders bound from the thread
 * that starts serving, scrapes from any.
 */
public final class ServerMetrics {

    /** Latency buckets for requests and batches: 1 ms to 10 s, a dozen of them (not Micrometer's hundreds). */
    static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter rejectedSamples = Counter.builder("rewire.rejected.samples")
            .description("request items rejected as unusable (400, or listed under rejected)").register(registry);
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final List<LiveMeters> live = new CopyOnWriteArrayList<>();

    public ServerMetrics() {
        for (MeterBinder jvm : List.of(new JvmMemoryMetrics(), new JvmGcMetrics(), new JvmThreadMetrics(),
                new ClassLoaderMetrics(), new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
            jvm.bindTo(registry);
        }
    }

    /** A component's meters join the registry; {@link LiveMeters} are refreshed before every scrape from now on. */
    void bind(MeterBinder binder) {
        binder.bindTo(registry);
        if (binder instanceof LiveMeters meters) {
            live.add(meters);
        }
    }

    /** A request was answered: its route's label ({@link RouteTable.Route#label}), status and latency. */
    void request(String endpoint, int status, long nanos) {
        requestTimers.computeIfAbsent(endpoint + ' ' + status, k -> Timer.builder("rewire.requests")
                        .tags("endpoint", endpoint, "status", Integer.toString(status))
                        .serviceLevelObjectives(LATENCY_BUCKETS).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Items of a request that could not be scored. */
    void rejected(int items) {
        if (items > 0) {
            rejectedSamples.increment(items);
        }
    }

    /** The Prometheus text exposition, every live meter brought up to date first. */
    public String scrape() {
        live.forEach(LiveMeters::refresh);
        return registry.scrape();
    }
}
