package dev.rewire.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on the loopback address, from the Spark home the build lays out
 * (runtime/spark-home): one master and the workers asked for, each a process of its own, their
 * executors started by the workers as on any cluster. Closing it kills them all.
 */
final class SparkCluster implements AutoCloseable {

    static final Path HOME = Path.of(System.getProperty("rewire.root"), "runtime", "spark-home", "target", "spark-home");

    private final Path dir;
    private final int port;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();

    private SparkCluster(Path dir, int port, Process master) {
        this.dir = dir;
        this.port = port;
        this.master = master;
    }

    /** Starts a master and {@code workers} workers of one core and {@code memory} each, and waits until all registered. */
    static SparkCluster start(Path dir, int workers, String memory) throws Exception {
        int port = freePort();
        Process master = spark(dir, "master", "master.log", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--webui-port", String.valueOf(freePort()));
        SparkCluster cluster = new SparkCluster(dir, port, master);
        try {
            for (int i = 0; i < workers; i++) {
                Path work = Files.createDirectories(dir.resolve("worker-" + i));
                cluster.workers.add(spark(dir, "worker", "worker-" + i + ".log", "--host", "127.0.0.1", "--cores", "1",
                        "--memory", memory, "--work-dir", work.toString(), "--webui-port", String.valueOf(freePort()),
                        cluster.url()));
            }
            Rewire.await(workers + " workers registered with the master",
                    () -> registered(dir.resolve("master.log")) >= workers, () -> cluster.logs());
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    String url() {
        return "spark://127.0.0.1:" + port;
    }

    /** Kills worker {@code i} and the executors it started, at once (SIGKILL), as a machine lost mid-job. */
    void killWorker(int i) {
        Process w = workers.get(i);
        w.descendants().forEach(ProcessHandle::destroyForcibly);
        w.destroyForcibly();
    }

    /** The master's and workers' logs, for a failure's message. */
    String logs() {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                String text = Files.readString(f);
                b.append("--- ").append(f.getFileName()).append('\n')
                        .append(text, Math.max(0, text.length() - 3000), text.length());
            }
        } catch (IOException e) {
            b.append(e);
        }
        return b.toString();
    }

    @Override
    public void close() {
        List<Process> all = new ArrayList<>(workers);
        all.add(master);
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : all) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Process spark(Path dir, String script, String log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", HOME.resolve("bin").resolve(script).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve(log).toFile());
        pb.environment().put("SPARK_HOME", HOME.toString());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("DJL_CACHE_DIR", System.getProperty("djl.cache"));
        return pb.start();
    }

    private static long registered(Path masterLog) throws IOException {
        if (!Files.exists(masterLog)) {
            return 0;
        }
        return Files.readAllLines(masterLog).stream().filter(l -> l.contains("Registering worker")).count();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
