package dev.rewire.runtime.spark;

import dev.rewire.runtime.engine.BatchPipeline;
import dev.rewire.runtime.engine.PipelineState;
import dev.rewire.runtime.host.RewireRuntime;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The hosts of one executor JVM: started on a task's first need and kept for every later partition
 * and task of the job, so Felix, the bundles, the compiled policy and DJL start once per task slot
 * rather than once per partition. One host per task running at once, not one per JVM: a stateful
 * check keeps its state in its bundle's instance, so two partitions scored at the same time on one
 * host would mix their states. A partition borrows a host, restores the state its first batch
 * starts from, and gives the host back. Thread safe.
 */
public final class ExecutorHosts {

    private static final Map<String, Deque<Host>> IDLE = new HashMap<>();
    private static final List<Host> ALL = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorHosts::closeAll, "rewire-executor-hosts"));
    }

    private ExecutorHosts() {
    }

    /** A started host: its pipeline, the state a run starts from, and what it logged. */
    public static final class Host {
        final String key;
        final RewireRuntime runtime;
        final BatchPipeline pipeline;
        final PipelineState initial;
        final List<String> log;

        private Host(String key, RewireRuntime runtime, List<String> log) {
            this.key = key;
            this.runtime = runtime;
            this.log = log;
            this.pipeline = runtime.injector().getInstance(BatchPipeline.class);
            this.initial = pipeline.state();
        }

        /** The pipeline, with nothing seen yet: a run's start. */
        public BatchPipeline pipeline() {
            return pipeline;
        }

        /** The state before any batch (each check's state as its bundle starts). */
        public PipelineState initial() {
            return initial;
        }

        /** What the host logged: failed bundles, policy errors, failing terms. */
        public List<String> log() {
            return List.copyOf(log);
        }
    }

    /** A host for this shipment and these settings, started if none is idle. */
    public static Host borrow(HostShipment shipment, JobSettings settings) {
        String key = shipment.id() + "|" + settings;
        synchronized (IDLE) {
            Deque<Host> idle = IDLE.get(key);
            if (idle != null && !idle.isEmpty()) {
                return idle.pop();
            }
        }
        if (System.getProperty("ai.djl.offline") == null) {
            // PyTorch's native library comes in a jar on the class path: nothing to download
            System.setProperty("ai.djl.offline", "true");
        }
        Path home = shipment.unpackUnder(Path.of(System.getProperty("java.io.tmpdir"), "rewire-spark-hosts"));
        List<String> log = new CopyOnWriteArrayList<>();
        RewireRuntime runtime = RewireRuntime.start(settings.runtimeOptions(home, shipment.hasDeploy()), log::add);
        Host host = new Host(key, runtime, log);
        synchronized (IDLE) {
            ALL.add(host);
        }
        return host;
    }

    /** Gives a host back for the next partition. */
    public static void giveBack(Host host) {
        synchronized (IDLE) {
            IDLE.computeIfAbsent(host.key, k -> new ArrayDeque<>()).push(host);
        }
    }

    /** A host whose state could not be set back (a check that does not restore what it saved) is not reused. */
    public static void retire(Host host) {
        synchronized (IDLE) {
            ALL.remove(host);
        }
        host.runtime.close();
    }

    private static void closeAll() {
        List<Host> hosts;
        synchronized (IDLE) {
            hosts = new ArrayList<>(ALL);
            ALL.clear();
            IDLE.clear();
        }
        for (Host h : hosts) {
            try {
                h.runtime.close();
            } catch (RuntimeException e) {
                // the JVM is going away
            }
        }
    }
}
