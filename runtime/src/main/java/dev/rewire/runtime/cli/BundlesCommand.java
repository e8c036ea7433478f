package dev.rewire.runtime.cli;

import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.RewireRuntime;
import dev.rewire.runtime.osgi.DeployedBundle;
import dev.rewire.runtime.osgi.FelixHost;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code rewire bundles}: what is deployed, and which services each bundle provides. */
@Command(name = "bundles", mixinStandardHelpOptions = true,
        description = "Starts the host, lists every bundle (built-in, deployed, system) with its version, state "
                + "and the Rewire services it registers, and exits.")
final class BundlesCommand implements Callable<Integer> {

    @ParentCommand
    RewireCommand parent;

    @Mixin
    HostOptions host;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--all", description = "Include the system bundles (SCR, Config Admin, FileInstall).")
    boolean all;

    @Override
    public Integer call() throws Exception {
        try (RewireRuntime runtime = RewireRuntime.start(host.resolve(ScoringOptions.DEFAULT), System.err::println)) {
            List<DeployedBundle> bundles = runtime.get(FelixHost.class).bundles().stream()
                    .filter(b -> all || !b.origin().equals("system")).toList();
            if (json) {
                parent.data.println(RewireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(bundles));
            } else {
                parent.data.printf("%-34s %-10s %-9s %-8s %s%n", "BUNDLE", "VERSION", "STATE", "ORIGIN", "SERVICES");
                for (DeployedBundle b : bundles) {
                    parent.data.printf("%-34s %-10s %-9s %-8s %s%n", b.symbolicName(), b.version(), b.state(),
                            b.origin(), String.join(", ", b.services()));
                }
            }
            return ExitCodes.OK;
        }
    }
}
