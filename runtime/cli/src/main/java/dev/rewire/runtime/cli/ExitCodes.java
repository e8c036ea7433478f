package dev.rewire.runtime.cli;

import dev.rewire.runtime.apps.ExitStatus;

import dev.rewire.runtime.host.RewireRuntime;

/** What a command's failure means for the exit status and the one line that says why. */
final class ExitCodes {

    private ExitCodes() {
    }

    static int of(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof picocli.CommandLine.ParameterException
                ? ExitStatus.USAGE : ExitStatus.FAILURE;
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
