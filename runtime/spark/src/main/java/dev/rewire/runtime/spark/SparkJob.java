package dev.rewire.runtime.spark;

import dev.rewire.framework.spi.Normalization;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main class {@code spark-submit} runs ({@code rewire spark} submits it): {@code score},
 * {@code diff} and {@code pairs} with the local commands' options where they apply, the master and
 * the rest of Spark's configuration coming from {@code spark-submit}.
 */
@Command(name = "rewire-spark", mixinStandardHelpOptions = true,
        description = "Rewire's commands as Spark jobs (submitted by `rewire spark`).",
        subcommands = {ScoreJob.class, DiffJob.class, PairsJob.class, ConvertJob.class})
public final class SparkJob {

    public static void main(String[] args) {
        int status = new CommandLine(new SparkJob()).execute(args);
        // spark-submit's JVM keeps non-daemon threads of Spark's; the status must reach the shell
        System.exit(status);
    }

    /** Options of the host every job starts on its executors. */
    static final class Host {
        @Option(names = "--home", paramLabel = "DIR", description = "The Rewire distribution (system/, bundles/, policy/). "
                + "Default: -Drewire.home, else REWIRE_HOME.")
        Path home;

        @Option(names = "--policy", paramLabel = "DIR", description = "Policy folder (default: the distribution's policy/).")
        Path policy;

        @Option(names = "--deploy", paramLabel = "DIR", description = "Further bundle jars and .cfg files, shipped with the job.")
        Path deploy;

        @Option(names = "--normalize", paramLabel = "MODE", defaultValue = "mean_std",
                description = "Advantage normalization within a group: none, mean, mean_std (default: ${DEFAULT-VALUE}).")
        String normalize;

        @Option(names = "--epsilon", paramLabel = "E", defaultValue = "1e-6")
        double epsilon;

        @Option(names = "--clip-min", paramLabel = "X", defaultValue = "-Infinity")
        double clipMin;

        @Option(names = "--clip-max", paramLabel = "X", defaultValue = "Infinity")
        double clipMax;

        @Option(names = "--term-timeout-ms", paramLabel = "MS", defaultValue = "5000")
        long termTimeoutMillis;

        @Option(names = "--min-check-samples", paramLabel = "N", defaultValue = "30")
        int minCheckSamples;

        JobSettings settings() {
            return new JobSettings(Normalization.valueOf(normalize.toUpperCase(java.util.Locale.ROOT)), epsilon, clipMin,
                    clipMax, termTimeoutMillis, minCheckSamples);
        }

        Path home() {
            Path h = home != null ? home : System.getProperty("rewire.home") != null ? Path.of(System.getProperty("rewire.home"))
                    : System.getenv("REWIRE_HOME") != null ? Path.of(System.getenv("REWIRE_HOME")) : null;
            if (h == null || !Files.isDirectory(h.resolve("bundles"))) {
                throw new IllegalArgumentException("--home: no Rewire distribution at " + h
                        + " (give --home, -Drewire.home or REWIRE_HOME: the folder with system/, bundles/, policy/)");
            }
            return h;
        }

        HostShipment shipment() {
            Path h = home();
            return HostShipment.read(h, policy != null ? policy : h.resolve("policy"), deploy);
        }
    }

    /** How a job prints what the driver does: one line each, on stderr. */
    static void progress(String line) {
        System.err.println("rewire: " + line);
    }

}
