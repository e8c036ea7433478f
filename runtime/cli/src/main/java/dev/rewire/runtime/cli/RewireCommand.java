package dev.rewire.runtime.cli;

import dev.rewire.runtime.apps.ExitStatus;

import java.io.PrintStream;
import picocli.CommandLine.Command;

/** {@code rewire}: the top-level command; its subcommands do the work. */
@Command(name = "rewire", mixinStandardHelpOptions = true, version = "rewire 0.1.0",
        description = "Reward pipelines with hot-swappable bundles and rule-based routing.",
        subcommands = {ScoreCommand.class, ServeCommand.class, PairsCommand.class, CheckCommand.class, DiffCommand.class,
                ExplainCommand.class,
                BundlesCommand.class})
public final class RewireCommand implements java.util.concurrent.Callable<Integer> {

    final PrintStream data;

    RewireCommand(PrintStream data) {
        this.data = data;
    }

    /** No command given: the usage, and the usage-error status (a script calling bare rewire is wrong). */
    @Override
    public Integer call() {
        new picocli.CommandLine(this).usage(System.err);
        return ExitStatus.USAGE;
    }
}
