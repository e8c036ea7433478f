package dev.rewire.runtime.cli;

import java.io.PrintStream;
import picocli.CommandLine.Command;

/** {@code rewire}: the top-level command; its subcommands do the work. */
@Command(name = "rewire", mixinStandardHelpOptions = true, version = "rewire 0.1.0",
        description = "Reward pipelines with hot-swappable bundles and rule-based routing.",
        subcommands = {ScoreCommand.class, ServeCommand.class, PairsCommand.class, CheckCommand.class,
                BundlesCommand.class})
public final class RewireCommand implements Runnable {

    final PrintStream data;

    RewireCommand(PrintStream data) {
        this.data = data;
    }

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.err);
    }
}
