package dev.rewire.runtime.cli;

import dev.rewire.runtime.host.RewireRuntime;

/**
 * The exit statuses of {@code rewire}, as documented in the README:
 * 0 success; 1 failure (the host could not start, an I/O error); 2 usage error;
 * 3 finished, but some input records were rejected (see the rejects file);
 * 4 stopped by a policy rule that blocked a batch;
 * 5 ({@code rewire check}) a check failed over the whole run, or the baseline comparison found a regression;
 * 6 ({@code rewire diff}) a {@code --fail-if} threshold was crossed.
 */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int REJECTED = 3;
    public static final int BLOCKED = 4;
    public static final int CHECK_FAILED = 5;
    public static final int DIFF_THRESHOLD = 6;

    private ExitCodes() {
    }

    static int of(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof picocli.CommandLine.ParameterException
                ? USAGE : FAILURE;
    }

    static String message(Throwable e) {
        if (e instanceof RewireRuntime.StartupException) {
            return "could not start: " + e.getMessage();
        }
        if (e instanceof java.io.UncheckedIOException u && u.getCause() != null) {
            // the cause adds its words unless the message already says them (io's ReadFailures words both)
            String cause = message(u.getCause());
            return u.getMessage().contains(cause) ? u.getMessage() : u.getMessage() + ": " + cause;
        }
        if (e instanceof java.nio.file.NoSuchFileException f) {
            return f.getFile() + ": no such file or folder";
        }
        if (e instanceof java.nio.file.AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() == null ? e.getClass().getSimpleName() : f.getReason());
        }
        String m = e.getMessage();
        return m == null ? e.toString() : m;
    }
}
