package dev.rewire.runtime.cli;

import dev.rewire.runtime.apps.ExitStatus;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of {@code rewire}. Standard output is reserved for data (reward records, JSON):
 * anything a library prints to {@code System.out} goes to stderr instead, so {@code --out -}
 * stays clean JSONL. The process always ends through {@link ExitGuard#exit}, whatever the command
 * threw, so no framework thread keeps a finished (or failed) command's JVM alive.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Undertow and XNIO log through JBoss Logging: route it to SLF4J, whose level the launcher sets.
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
        PrintStream data = new PrintStream(new FileOutputStream(FileDescriptor.out), false);
        System.setOut(System.err);
        ExitGuard.install(System.err::println);
        CommandLine cli = new CommandLine(new RewireCommand(data));
        cli.setOut(new PrintWriter(data, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(ExitCodes::of);
        cli.setExecutionStrategy(parsed -> {
            FormerNameNotice.tell(parsed, System.err);
            try {
                FileRoles.refuseClashes(parsed);
            } catch (IllegalArgumentException | java.io.IOException e) {
                throw new CommandLine.ExecutionException(parsed.commandSpec().commandLine(), e.getMessage(), e);
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("rewire: " + ExitCodes.message(e));
            return ExitCodes.of(e);
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (Throwable e) {
            // an Error out of a command (picocli hands on only Exceptions): say so and exit, never
            // leave the JVM to the framework's non-daemon threads
            System.err.println("rewire: " + (e instanceof OutOfMemoryError
                    ? "out of memory (" + e.getMessage() + "; the heap is " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB; give the JVM more with JAVA_OPTS=-Xmx...)" : ExitCodes.message(e) + " (" + e.getClass().getName() + ")"));
            code = ExitStatus.FAILURE;
        }
        data.flush();
        ExitGuard.exit(code);
    }
}
