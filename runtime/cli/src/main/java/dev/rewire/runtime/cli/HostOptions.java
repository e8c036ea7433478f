package dev.rewire.runtime.cli;

import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.host.RuntimeOptions;
import dev.rewire.runtime.host.PipelineLimits;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options every command that starts the host shares: where the policy and deploy folders are. */
final class HostOptions {

    @Option(names = "--policy", paramLabel = "DIR",
            description = "Policy folder: every .drl in it is compiled; edits are picked up while running. "
                    + "Default: the distribution's policy/.")
    Path policy;

    @Option(names = "--deploy", paramLabel = "DIR",
            description = "Hot-deploy folder: bundle jars and .cfg files dropped here are installed, "
                    + "updated and removed while running.")
    Path deploy;

    @Option(names = "--poll-ms", paramLabel = "MS", defaultValue = "250",
            description = "How often the deploy and policy folders are checked (default: ${DEFAULT-VALUE}).")
    long pollMillis;

    @Option(names = "--term-timeout-ms", paramLabel = "MS", defaultValue = "5000",
            description = "Deadline of one reward term over one batch (and of one check over one window): a term past "
                    + "it abstains with 'timeout after MS ms' and is quarantined until its bundle is redeployed "
                    + "(default: ${DEFAULT-VALUE}).")
    long termTimeoutMillis;

    @Option(names = "--run-check-timeout-ms", paramLabel = "MS", defaultValue = "600000",
            description = "Deadline of one check over a whole run (a report's totals, rewire check's summary): a check "
                    + "past it is SKIPPED with 'timeout after MS ms (the deadline --run-check-timeout-ms sets)' "
                    + "(default: ${DEFAULT-VALUE}).")
    long runCheckTimeoutMillis;

    @Option(names = "--min-check-samples", paramLabel = "N", defaultValue = "30",
            description = "A check grades (PASS/WARN/FAIL) only numbers that rest on at least N samples (its own n, else "
                    + "the batch's size); below, its result is INSUFFICIENT and no FAIL rule of the policy fires "
                    + "(default: ${DEFAULT-VALUE}).")
    int minCheckSamples;

    /** The deadline of a check over a whole run. */
    java.time.Duration runCheckTimeout() {
        if (runCheckTimeoutMillis < 1) {
            throw new IllegalArgumentException("--run-check-timeout-ms must be >= 1, got " + runCheckTimeoutMillis);
        }
        return java.time.Duration.ofMillis(runCheckTimeoutMillis);
    }

    /** For commands that check every batch on its own. */
    RuntimeOptions resolve(ScoringOptions scoring) {
        return resolve(scoring, 1);
    }

    RuntimeOptions resolve(ScoringOptions scoring, int checkWindow) {
        if (minCheckSamples < 1) {
            throw new IllegalArgumentException("--min-check-samples must be >= 1, got " + minCheckSamples);
        }
        if (termTimeoutMillis < 1) {
            throw new IllegalArgumentException("--term-timeout-ms must be >= 1, got " + termTimeoutMillis);
        }
        Path home = home();
        Path policyDir = policy != null ? policy : home.resolve("policy");
        if (deploy != null && !Files.isDirectory(deploy)) {
            throw new IllegalArgumentException("--deploy " + deploy + ": no such folder");
        }
        return new RuntimeOptions(home, policyDir, deploy, scoring, Duration.ofMillis(Math.max(20, pollMillis)),
                new PipelineLimits(Duration.ofMillis(termTimeoutMillis), checkWindow, minCheckSamples));
    }

    /** The distribution folder: -Drewire.home, else the folder above the jar this class came from. */
    static Path home() {
        String configured = System.getProperty("rewire.home");
        if (configured != null) {
            return Path.of(configured);
        }
        try {
            Path jar = Path.of(HostOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the Rewire distribution; set -Drewire.home", e);
        }
    }
}
