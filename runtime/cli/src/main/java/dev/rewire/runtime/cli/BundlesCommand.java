package dev.rewire.runtime.cli;

import dev.rewire.runtime.apps.ExitStatus;

import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.host.RewireRuntime;
import dev.rewire.runtime.host.osgi.DeployedBundle;
import dev.rewire.runtime.host.osgi.FelixHost;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.rewire.runtime.host.Services;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    /** A bundle and the Rewire services it provides, as {@code kind:id}. */
    record Row(@JsonUnwrapped DeployedBundle bundle, List<String> services) {
    }

    private static Map<String, List<String>> servicesByBundle(Services s) {
        Map<String, List<String>> result = new TreeMap<>();
        add(result, "term", s.terms().idsByBundle());
        add(result, "filter", s.filters().idsByBundle());
        add(result, "check", s.checks().idsByBundle());
        add(result, "scorer", s.scorers().idsByBundle());
        return result;
    }

    private static void add(Map<String, List<String>> into, String kind, Map<String, List<String>> idsByBundle) {
        idsByBundle.forEach((bundle, ids) -> ids.forEach(
                id -> into.computeIfAbsent(bundle, b -> new ArrayList<>()).add(kind + ":" + id)));
    }

    @Override
    public Integer call() throws Exception {
        try (RewireRuntime runtime = RewireRuntime.start(host.resolve(ScoringOptions.DEFAULT), System.err::println)) {
            Map<String, List<String>> services = servicesByBundle(runtime.services());
            List<Row> rows = runtime.felix().bundles().stream()
                    .filter(b -> all || !b.origin().equals("system"))
                    .map(b -> new Row(b, services.getOrDefault(b.symbolicName(), List.of()))).toList();
            if (json) {
                parent.data.println(RewireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
            } else {
                parent.data.printf("%-30s %-8s %-9s %-8s %s%n", "BUNDLE", "VERSION", "STATE", "ORIGIN", "SERVICES");
                for (Row r : rows) {
                    parent.data.printf("%-30s %-8s %-9s %-8s %s%n", r.bundle().symbolicName(), r.bundle().version(),
                            r.bundle().state(), r.bundle().origin(), String.join(", ", r.services()));
                }
            }
            return ExitStatus.OK;
        }
    }
}
