package dev.rewire.runtime.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where an embedded host's distribution is (the folder {@code ./rewire} runs from). Stateless. */
final class Distribution {

    private Distribution() {
    }

    /**
     * The distribution folder: {@code explicit}, else the {@code rewire.home} system property, else
     * the {@code REWIRE_HOME} environment variable; checked to hold {@code system/}, {@code bundles/}
     * and {@code policy/}.
     *
     * @throws IllegalStateException naming where the folder came from and what it lacks
     */
    static Path resolve(Path explicit) {
        Path dist = explicit;
        String from = "home(...)";
        if (dist == null && System.getProperty("rewire.home") != null) {
            dist = Path.of(System.getProperty("rewire.home"));
            from = "-Drewire.home";
        }
        if (dist == null && System.getenv("REWIRE_HOME") != null) {
            dist = Path.of(System.getenv("REWIRE_HOME"));
            from = "REWIRE_HOME";
        }
        if (dist == null) {
            throw new IllegalStateException("no Rewire distribution: set REWIRE_HOME (or -Drewire.home) to the folder "
                    + "./rewire runs from (runtime/dist/target/rewire in a Rewire checkout, after ./rewire or mvn package)");
        }
        for (String part : List.of("system", "bundles", "policy")) {
            if (!Files.isDirectory(dist.resolve(part))) {
                throw new IllegalStateException(from + " = " + dist + " is not a Rewire distribution: it has no "
                        + part + "/ folder");
            }
        }
        return dist;
    }
}
