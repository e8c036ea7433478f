package dev.rewire.runtime.host.osgi;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the embedded OSGi framework finds its bundles.
 *
 * @param systemBundles  folder of the runtime's own bundles (SCR, Config Admin, FileInstall, ...)
 * @param builtinBundles folder of Rewire's default bundles, installed at start
 * @param deployDir      folder watched for hot deployment, or null for none
 * @param pollInterval   how often FileInstall looks at the deploy folder
 */
public record HostSettings(Path systemBundles, Path builtinBundles, Path deployDir, Duration pollInterval) {
}
