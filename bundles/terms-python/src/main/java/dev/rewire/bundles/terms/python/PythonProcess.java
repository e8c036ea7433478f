package dev.rewire.bundles.terms.python;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One running Python process of a term: lines to its stdin, lines from its stdout, each wait bounded
 * by a deadline, its stderr copied line by line to the log (its last lines kept as the reason when
 * it dies). Stdout is read on a daemon thread so that a wait can give up (or be interrupted) while
 * the process hangs. Not thread safe: its term calls it under a lock.
 */
final class PythonProcess implements AutoCloseable {

    /** How many of the last stderr lines a crash's reason quotes. */
    static final int STDERR_TAIL_LINES = 8;
    private static final int STDERR_TAIL_CHARS = 600;
    /** Marks the end of stdout in the queue (a String that never equals a line read). */
    private static final String END = new String("<end of stdout>");

    /** The process ended (or closed its stdout) before answering. */
    static final class ExitedException extends Exception {
        ExitedException(String message) {
            super(message);
        }
    }

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stderrPump;

    private PythonProcess(Process process, Consumer<String> log, String name) {
        this.process = process;
        this.stdin = process.getOutputStream();
        Thread out = new Thread(this::pumpStdout, name + "-stdout");
        out.setDaemon(true);
        out.start();
        stderrPump = new Thread(() -> pumpStderr(log), name + "-stderr");
        stderrPump.setDaemon(true);
        stderrPump.start();
    }

    /** Starts the command; {@code log} receives each stderr line. */
    static PythonProcess start(List<String> command, Consumer<String> log, String threadName) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        pb.environment().put("PYTHONUNBUFFERED", "1");
        return new PythonProcess(pb.start(), log, threadName);
    }

    /** Writes one line and waits for the answer line until {@code deadlineNanos} (System.nanoTime). */
    String exchange(String line, long deadlineNanos) throws TimeoutException, ExitedException, InterruptedException {
        try {
            stdin.write(line.getBytes(StandardCharsets.UTF_8));
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw exited("its stdin closed (" + e.getMessage() + ")");
        }
        return readLine(deadlineNanos);
    }

    /** Waits for the next line of stdout until {@code deadlineNanos}. */
    String readLine(long deadlineNanos) throws TimeoutException, ExitedException, InterruptedException {
        String line = stdout.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
            throw new TimeoutException();
        }
        if (line == END) {
            stdout.add(END); // every later read sees the end too
            throw exited("it closed its stdout");
        }
        return line;
    }

    private ExitedException exited(String how) throws InterruptedException {
        // let the process finish dying and its last stderr lines arrive before quoting them
        boolean ended = process.waitFor(2, TimeUnit.SECONDS);
        stderrPump.join(1000);
        String status = ended ? "exited with status " + process.exitValue() : "stopped answering: " + how;
        String tail = stderrTail();
        return new ExitedException("python " + status + (tail.isEmpty() ? " (nothing on stderr)" : ": " + tail));
    }

    /** The last lines the process wrote to stderr, joined with " | " and cut to a few hundred characters. */
    String stderrTail() {
        String joined;
        synchronized (stderrTail) {
            joined = String.join(" | ", stderrTail);
        }
        return joined.length() <= STDERR_TAIL_CHARS ? joined
                : "..." + joined.substring(joined.length() - STDERR_TAIL_CHARS);
    }

    private void pumpStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                stdout.add(line);
            }
        } catch (IOException e) {
            // the process went away; END below says so
        } finally {
            stdout.add(END);
        }
    }

    private void pumpStderr(Consumer<String> log) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.accept(line);
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_TAIL_LINES) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
            }
        } catch (IOException e) {
            // the process went away
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process and whatever it started, at once: a hung reward function gets no grace. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
