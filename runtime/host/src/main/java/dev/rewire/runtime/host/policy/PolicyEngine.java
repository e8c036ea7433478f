package dev.rewire.runtime.host.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The policy in force: compiled from a folder at start, recompiled when a file in it changes,
 * swapped atomically. A reload that fails to compile is reported (file and line) and the last good
 * policy goes on serving. Batches read {@link #current()} once at their start, so one batch is
 * always decided by one policy. A policy that compiles but fails on a batch (throws, loops, runs
 * past its budget) is {@link #retire retired}: the last policy that decided a batch without
 * failing serves again, until the files change. Thread safe.
 */
public final class PolicyEngine implements AutoCloseable {

    /** The folder the policy is compiled from; a promoted shadow policy moves it to the candidate's. */
    private volatile Path dir;
    private final PolicyCompiler compiler;
    private final Consumer<String> log;
    private final AtomicReference<CompiledPolicy> current = new AtomicReference<>();
    /** The last policy that decided a batch without failing; kept compiled while a newer one is on trial. */
    private CompiledPolicy proven;
    private volatile String fingerprint;
    private Thread watcher;
    private final java.util.concurrent.atomic.AtomicLong reloads = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.DoubleAdder compileSeconds = new java.util.concurrent.atomic.DoubleAdder();

    /**
     * What the folder watcher did since start: policies swapped in, edits that did not compile (or
     * could not be read), and the seconds spent compiling both. Read by the server's metrics.
     */
    public record ReloadStats(long reloads, long failures, double compileSeconds) {
    }

    public ReloadStats reloadStats() {
        return new ReloadStats(reloads.get(), failures.get(), compileSeconds.sum());
    }

    /** Compiles the folder; a policy that does not compile at start is fatal (there is no last good one). */
    public PolicyEngine(Path dir, Consumer<String> log) throws PolicyCompileException, IOException {
        this.dir = dir;
        this.log = log;
        this.compiler = new PolicyCompiler(log);
        this.fingerprint = fingerprint();
        current.set(compiler.compile(dir));
    }

    public CompiledPolicy current() {
        return current.get();
    }

    public Path folder() {
        return dir;
    }

    /** Starts a daemon thread that looks for changed policy files every {@code interval}. */
    public synchronized void watch(Duration interval) {
        if (watcher != null) {
            return;
        }
        watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(interval.toMillis());
                    reloadIfChanged();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException | LinkageError | AssertionError e) {
                    // the watcher outlives a failed reload: later edits are still picked up (an out of
                    // memory error is not caught here: it ends the process, see ExitGuard)
                    log.accept("policy watcher: " + e + "; watching on");
                }
            }
        }, "rewire-policy-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Recompiles when the folder's files changed since the last attempt.
     *
     * @return true when a new policy was swapped in
     */
    public boolean reloadIfChanged() {
        String now;
        try {
            now = fingerprint();
        } catch (IOException e) {
            log.accept("policy: cannot read " + dir + ": " + e.getMessage() + "; keeping the current policy");
            return false;
        }
        if (now.equals(fingerprint)) {
            return false;
        }
        fingerprint = now;
        long start = System.nanoTime();
        Path folder = dir;
        try {
            CompiledPolicy next = compiler.compile(folder);
            compileSeconds.add((System.nanoTime() - start) / 1e9);
            CompiledPolicy previous;
            synchronized (this) {
                if (folder != dir) {
                    // a promotion moved the engine to another folder meanwhile: that policy stays
                    compiler.release(next);
                    return false;
                }
                previous = current.getAndSet(next);
                if (previous != null && previous != proven) {
                    compiler.release(previous);
                }
            }
            reloads.incrementAndGet();
            log.accept(String.format("policy: reloaded %s (sha256 %s -> %s) in %d ms; %s", next.files(),
                    previous == null ? "none" : previous.sha256().substring(0, 12), next.sha256().substring(0, 12),
                    (System.nanoTime() - start) / 1_000_000, folding(next.independence())));
            return true;
        } catch (PolicyCompileException e) {
            failures.incrementAndGet();
            compileSeconds.add((System.nanoTime() - start) / 1e9);
            log.accept("policy: " + dir + " does not compile; keeping policy " + current().sha256().substring(0, 12)
                    + ":\n  " + String.join("\n  ", e.problems()));
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            log.accept("policy: reload failed (" + e + "); keeping policy " + current().sha256().substring(0, 12));
        }
        return false;
    }

    /**
     * Makes the policy of another folder the one in force, and that folder the one watched from now
     * on: a shadowed candidate promoted. The next batch to start is decided by it.
     *
     * @return the policy now in force
     */
    public CompiledPolicy adopt(Path folder) throws PolicyCompileException, IOException {
        CompiledPolicy next = compiler.compile(folder);
        synchronized (this) {
            dir = folder;
            fingerprint = fingerprint();
            CompiledPolicy previous = current.getAndSet(next);
            if (previous != null && previous != proven) {
                compiler.release(previous);
            }
        }
        log.accept("policy: now " + folder + " " + next.files() + " (sha256 " + next.sha256().substring(0, 12) + ")");
        return next;
    }

    /** The policy decided a batch without failing: it becomes the one to fall back on. */
    public synchronized void proven(CompiledPolicy policy) {
        if (policy == proven) {
            return;
        }
        CompiledPolicy old = proven;
        proven = policy;
        if (old != null && old != current.get()) {
            compiler.release(old);
        }
    }

    /** Whether {@link #retire} would go back to another policy after {@code failed} failed. */
    public synchronized boolean canRetire(CompiledPolicy failed) {
        return proven != null && proven != failed;
    }

    /**
     * Retires a policy that failed on a batch and goes back to the last proven one.
     *
     * @return the policy now in force, or null when there is none to go back to (the failed
     *         policy is the first one, or the proven one itself)
     */
    public synchronized CompiledPolicy retire(CompiledPolicy failed, String why) {
        if (proven == null || proven == failed) {
            log.accept("policy " + failed.sha256().substring(0, 12) + " failed: " + why + "; no earlier policy to go back to");
            return null;
        }
        if (current.compareAndSet(failed, proven)) {
            compiler.release(failed);
            log.accept("policy " + failed.sha256().substring(0, 12) + " " + failed.files() + " failed: " + why
                    + "; retired, back to policy " + proven.sha256().substring(0, 12) + " until the files change");
        }
        return current.get();
    }

    /** Names, sizes and modification times of the policy files: cheap to compute, changes on any edit. */
    private String fingerprint() throws IOException {
        if (!Files.isDirectory(dir)) {
            return "missing";
        }
        StringBuilder sb = new StringBuilder();
        for (Path p : PolicyCompiler.policyFiles(dir)) {
            sb.append(p.getFileName()).append(':').append(Files.size(p)).append(':')
                    .append(Files.getLastModifiedTime(p).toInstant()).append(';');
        }
        return sb.toString();
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.interrupt();
            watcher = null;
        }
    }

    /** How the policy will decide a batch, for the rule author who just saved it. */
    static String folding(SampleIndependence independence) {
        return independence.isProven()
                ? "samples decided one per class of equal " + String.join(", ", independence.reads())
                : "every sample decided (not folded into classes: " + independence.reason() + ")";
    }
}
