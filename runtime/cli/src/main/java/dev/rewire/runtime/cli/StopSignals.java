package dev.rewire.runtime.cli;

/**
 * Turns SIGTERM and SIGINT into a call, instead of the JVM's own handling (which runs the shutdown
 * hooks and then exits 143 or 130 whatever they did). A command that stops cleanly on a signal can
 * then return its own exit status. Where the platform has no such signal (or the JVM refuses the
 * handler, e.g. under -Xrs) the JVM's handling stays and shutdown hooks still run.
 */
final class StopSignals {

    private StopSignals() {
    }

    /** Runs {@code stop} on the signal's thread, which must not block: start a thread from it. */
    @SuppressWarnings("sunapi")
    static void install(Runnable stop) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.run());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // not available here: the JVM's default handling (shutdown hooks) remains
            }
        }
    }
}
