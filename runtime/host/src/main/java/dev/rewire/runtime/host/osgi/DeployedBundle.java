package dev.rewire.runtime.host.osgi;

/**
 * A bundle as {@code rewire bundles} shows it.
 *
 * @param symbolicName the bundle's symbolic name
 * @param version      its version
 * @param state        ACTIVE, RESOLVED, INSTALLED, ...
 * @param origin       {@code builtin}, {@code deploy} or {@code system}
 * @param location     where it was installed from
 */
public record DeployedBundle(String symbolicName, String version, String state, String origin, String location) {
}
