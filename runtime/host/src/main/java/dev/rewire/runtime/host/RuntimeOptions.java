package dev.rewire.runtime.host;

import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.runtime.host.PipelineLimits;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the host needs to start, as the CLI resolved it.
 *
 * @param home     the distribution folder (lib/, system/, bundles/, policy/)
 * @param policy   the policy folder
 * @param deploy   the hot-deploy folder, or null
 * @param scoring  scorer options
 * @param poll     how often the deploy and policy folders are looked at
 * @param limits   bundle-call deadlines and the check window
 */
public record RuntimeOptions(Path home, Path policy, Path deploy, ScoringOptions scoring, Duration poll,
                             PipelineLimits limits) {

    public Path systemBundles() {
        return home.resolve("system");
    }

    public Path builtinBundles() {
        return home.resolve("bundles");
    }
}
