package dev.rewire.runtime.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * The one way the {@code rewire} process ends, so that its exit status never lies. Three things
 * can end a JVM: {@link Main} finishing a command ({@link #exit}), a signal (SIGTERM, SIGINT), and
 * anything else calling {@code System.exit} (a bundle, a library). The first two are expected;
 * the third is not the run finishing, whatever status it asks for: the guard's shutdown hook
 * names the caller, lets the command stop as it would for a signal (what was read is scored and
 * written), and then halts with status 1 (or the command's own non-zero status).
 *
 * <p>Signals are taken over from the JVM's default handler ({@code sun.misc.Signal}, in
 * {@code jdk.unsupported}) only to learn that the exit is a signal's; the status stays 128 + the
 * signal's number. A second signal while stopping halts at once.
 *
 * <p>An {@code Error} that ends any thread uncaught (out of memory in a thread nobody supervises)
 * ends the process with status 1 and the thread's name, rather than leaving it half alive.
 *
 * <p>What Java cannot do: {@code Runtime.halt} runs no hook and cannot be refused without a
 * security manager (deprecated for removal in Java 17); the guard can only leave a trace that it
 * did not get to: with {@code -Drewire.exit.file=F} (the {@code rewire} script sets it) the
 * status is written to F just before a deliberate exit, so the script tells a halt with status 0
 * from a finished run.
 *
 * <p>Thread safety: every method may be called from any thread.
 */
final class ExitGuard {

    /** How long an unexpected exit or a signal waits for the command to stop before halting. */
    private static final long STOP_WAIT_SECONDS = 150;

    private static final Object LOCK = new Object();
    private static volatile boolean installed;
    /** The signal being handled ("SIGTERM"), or null. */
    private static volatile String signal;
    /** Main finished its command and is exiting with this status (-1: not yet). */
    private static volatile int mainStatus = -1;
    /** An exit the run did not ask for has begun: whatever main returns, the status is not 0. */
    private static volatile boolean unexpectedShutdown;
    private static final CountDownLatch MAIN_ENDED = new CountDownLatch(1);
    /** Why the process is stopping when it was not Main's doing nor a signal's; computed once. */
    private static String unexpected;
    private static Consumer<String> log = System.err::println;

    private ExitGuard() {
    }

    /** Takes over the signals and adds the hook; once per process. */
    static void install(Consumer<String> messages) {
        synchronized (LOCK) {
            if (installed) {
                return;
            }
            installed = true;
            log = messages;
        }
        handle("TERM", 15);
        handle("INT", 2);
        Runtime.getRuntime().addShutdownHook(new Thread(ExitGuard::onShutdown, "rewire-exit-guard"));
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                fatal(thread, e);
            } else if (previous != null) {
                previous.uncaughtException(thread, e);
            } else {
                log.accept("rewire: thread " + thread.getName() + " ended: " + e);
            }
        });
    }

    private static void handle(String name, int number) {
        try {
            Signal.handle(new Signal(name), s -> {
                if (signal != null) {
                    log.accept("rewire: second " + "SIG" + name + " while stopping: halting now");
                    writeStatus(128 + number);
                    Runtime.getRuntime().halt(128 + number);
                }
                signal = "SIG" + name;
                System.exit(128 + number);
            });
        } catch (IllegalArgumentException e) {
            // the JVM keeps this signal (e.g. -Xrs): its default handling stays
        }
    }

    /**
     * Why the process is stopping, for a command's summary: "a signal" (SIGTERM, SIGINT, or when
     * unknown), or "System.exit called by CLASS.METHOD(FILE:LINE) (thread T) before the run finished".
     */
    static String stopReason() {
        if (signal != null) {
            return "a signal";
        }
        String u = unexpectedExit();
        return u != null ? u : "a signal";
    }

    /** Main's end: the command returned this status (never 0 once an exit the run did not ask for began). */
    static void exit(int status) {
        if (status == 0 && unexpectedShutdown) {
            status = 1;
        }
        mainStatus = status;
        MAIN_ENDED.countDown();
        writeStatus(status);
        System.exit(status);
    }

    /** An Error no one caught ended a thread: the process cannot be trusted to be whole; exit 1. */
    private static void fatal(Thread thread, Throwable e) {
        synchronized (LOCK) {
            if (unexpected == null) {
                unexpected = e.getClass().getSimpleName() + " in thread " + thread.getName()
                        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
            }
        }
        log.accept("rewire: " + e + " ended thread " + thread.getName() + "; stopping with status 1");
        Thread exit = new Thread(() -> System.exit(1), "rewire-fatal-exit");
        exit.setDaemon(true);
        exit.start();
    }

    private static String unexpectedExit() {
        synchronized (LOCK) {
            if (unexpected == null && mainStatus < 0 && signal == null) {
                unexpected = describeExitCaller();
            }
            return unexpected;
        }
    }

    private static void onShutdown() {
        String why = signal != null ? null : unexpectedExit();
        if (why == null) {
            // a signal, or Main's own exit: the commands' hooks stop in order
            if (signal != null) {
                awaitMain();
                if (mainStatus < 0) {
                    log.accept("rewire: the command did not stop within " + STOP_WAIT_SECONDS + " s of " + signal
                            + "; halting");
                    Runtime.getRuntime().halt(1);
                }
            }
            return;
        }
        unexpectedShutdown = true;
        log.accept("rewire: stopping: " + why + "; this is not the run finishing: the exit status will be 1");
        awaitMain();
        int status = mainStatus > 0 ? mainStatus : 1;
        writeStatus(status);
        Runtime.getRuntime().halt(status);
    }

    private static void awaitMain() {
        try {
            MAIN_ENDED.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** "System.exit(N) called by X" from the thread blocked in {@code Runtime.exit}, as best it can. */
    private static String describeExitCaller() {
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] stack = e.getValue();
            for (int i = 0; i < stack.length; i++) {
                if (stack[i].getClassName().equals("java.lang.Runtime") && stack[i].getMethodName().equals("exit")) {
                    int caller = i + 1;
                    while (caller < stack.length && stack[caller].getClassName().equals("java.lang.System")) {
                        caller++;
                    }
                    String by = caller < stack.length ? stack[caller].toString() : "unknown code";
                    return "System.exit called by " + by + " (thread " + e.getKey().getName()
                            + ") before the run finished";
                }
            }
        }
        return "System.exit called by unknown code before the run finished";
    }

    private static void writeStatus(int status) {
        String file = System.getProperty("rewire.exit.file");
        if (file != null && !file.isBlank()) {
            try {
                Files.writeString(Path.of(file), Integer.toString(status), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                // the launcher then reports an exit it cannot vouch for; nothing better to do here
            }
        }
    }
}
