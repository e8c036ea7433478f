package dev.rewire.runtime.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of {@code rewire}. Standard output is reserved for data (reward records, JSON):
 * anything a library prints to {@code System.out} goes to stderr instead, so {@code --out -}
 * stays clean JSONL.
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
        CommandLine cli = new CommandLine(new RewireCommand(data));
        cli.setOut(new PrintWriter(data, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(ExitCodes::of);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("rewire: " + ExitCodes.message(e));
            return ExitCodes.of(e);
        });
        int code = cli.execute(args);
        data.flush();
        System.exit(code);
    }
}
