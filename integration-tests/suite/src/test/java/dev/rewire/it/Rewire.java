package dev.rewire.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The built distribution, run as a user runs it: a separate JVM, the jars of runtime/dist/target/rewire,
 * arguments on the command line, JSONL through files or pipes.
 */
final class Rewire {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path DIST = Path.of(System.getProperty("rewire.dist"));
    static final Path EXAMPLES = Path.of(System.getProperty("rewire.examples"));
    static final Path POLICY = Path.of(System.getProperty("rewire.policy"));
    static final Path PROBE_V1 = Path.of(System.getProperty("probe.v1"));
    static final Path PROBE_V2 = Path.of(System.getProperty("probe.v2"));

    private Rewire() {
    }

    static ProcessBuilder command(Path workDir, String... args) {
        return command(workDir, List.of(), args);
    }

    /** As {@link #command(Path, String...)}, with JVM options first (a small heap, say). */
    static ProcessBuilder command(Path workDir, List<String> jvm, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-Drewire.home=" + DIST, "-Dai.djl.offline=true", "-DDJL_CACHE_DIR=" + System.getProperty("djl.cache"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error",
                "-cp", DIST.resolve("lib") + "/*", "dev.rewire.runtime.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
        pb.environment().put("DJL_CACHE_DIR", System.getProperty("djl.cache"));
        return pb;
    }

    /** Runs to completion; returns exit status, stdout and stderr. */
    static Result run(Path workDir, String... args) throws Exception {
        return run(command(workDir, args), workDir, args);
    }

    /** Runs a prepared command to completion (a liveness bound of 5 minutes); status, stdout, stderr. */
    static Result run(ProcessBuilder command, Path workDir, String... args) throws Exception {
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        Process p = command.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("rewire did not finish: " + String.join(" ", args));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    record Result(int status, String stdout, String stderr) {
    }

    static List<JsonNode> readJsonl(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    /** A condition a test waits for; it may do I/O (an HTTP call, a file read). */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * Waits until the condition holds: a liveness bound, generous (3 minutes) so a slow machine
     * never fails it; past it the test fails saying what it waited for and the context.
     */
    static void await(String what, Condition condition, java.util.function.Supplier<String> context) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + ":\n" + context.get());
            }
            Thread.sleep(100);
        }
    }

    /** Writes a file where a watcher can only ever see it whole: write beside it, then rename over it. */
    static void dropAtomically(Path source, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * {@code rewire score --in - --out -} fed by a generator thread that keeps writing samples
     * (by default {@link #math}) until told to stop, while a reader thread collects the output
     * records as they come.
     */
    static final class Stream implements AutoCloseable {

        private final Process process;
        private final List<JsonNode> records = new ArrayList<>();
        private final StringBuffer stderr = new StringBuffer();
        private volatile boolean stop;
        private volatile int written;
        private final Thread writer;
        private final Thread reader;
        private final Thread errors;

        private final java.util.function.IntFunction<String> samples;

        Stream(Path workDir, String... args) throws IOException {
            this(workDir, Stream::math, args);
        }

        /** A math sample, 4 per prompt: "The sum is \\boxed{4}" against reference "4". */
        static String math(int n) {
            return "{\"id\":\"live-" + n + "\",\"prompt_id\":\"lp-" + (n / 4) + "\",\"domain\":\"math\","
                    + "\"source\":\"dataset\",\"prompt\":\"2+2?\",\"completion\":\"The sum is \\\\boxed{4}\","
                    + "\"reference\":\"4\"}";
        }

        Stream(Path workDir, java.util.function.IntFunction<String> samples, String... args) throws IOException {
            this.samples = samples;
            List<String> all = new ArrayList<>(List.of("score", "--in", "-", "--out", "-"));
            all.addAll(List.of(args));
            process = command(workDir, all.toArray(String[]::new)).start();
            writer = new Thread(this::write, "it-writer");
            reader = new Thread(this::read, "it-reader");
            errors = new Thread(this::readErrors, "it-stderr");
            writer.start();
            reader.start();
            errors.start();
        }

        private void write() {
            try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(),
                    StandardCharsets.UTF_8))) {
                while (!stop && written < 200_000) {
                    int n = written;
                    w.write(samples.apply(n));
                    w.write('\n');
                    written = n + 1;
                    if (written % 4 == 0) {
                        w.flush();
                        Thread.sleep(4);
                    }
                }
            } catch (IOException | InterruptedException e) {
                stderr.append("writer stopped: ").append(e).append('\n');
            }
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    JsonNode node = JSON.readTree(line);
                    synchronized (records) {
                        records.add(node);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void readErrors() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    stderr.append(line).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        List<JsonNode> records() {
            synchronized (records) {
                return List.copyOf(records);
            }
        }

        String stderr() {
            return stderr.toString();
        }

        int written() {
            return written;
        }

        /** Waits until the condition holds; a liveness bound, generous so a slow machine never fails it. */
        void await(String what, BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!condition.getAsBoolean()) {
                if (!process.isAlive()) {
                    throw new AssertionError("rewire exited while waiting for " + what + ":\n" + stderr);
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("gave up waiting for " + what + ":\n" + stderr);
                }
                Thread.sleep(10);
            }
        }

        /** Waits for rewire to stop on its own (the generator keeps writing); returns its exit status. */
        int awaitExit() throws InterruptedException {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                throw new AssertionError("rewire did not stop:\n" + stderr);
            }
            stop = true;
            reader.join();
            errors.join();
            return process.exitValue();
        }

        /** Stops the generator, closes stdin, and waits for rewire to finish; returns its exit status. */
        int finish() throws InterruptedException {
            stop = true;
            writer.join();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("rewire did not finish after stdin closed:\n" + stderr);
            }
            reader.join();
            errors.join();
            return process.exitValue();
        }

        /** Sends SIGTERM (keeping our ends of the pipes open) and waits for rewire to stop; returns its status. */
        int terminate() throws InterruptedException {
            process.toHandle().destroy();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                throw new AssertionError("rewire did not stop on SIGTERM:\n" + stderr);
            }
            stop = true;
            reader.join();
            errors.join();
            return process.exitValue();
        }

        @Override
        public void close() {
            stop = true;
            process.destroyForcibly();
        }
    }
}
