package dev.rewire.runtime.serve;

import java.util.Map;

/**
 * What the server reports about the host, read at the moment it is asked (so a hot swap shows at
 * once). Implementations are thread safe.
 */
public interface HostView {

    /** Pipeline wall time per stage since start, in seconds. */
    Map<String, Double> stageSeconds();

    /** The sha256 of the policy in force. */
    String policySha256();

    /** Every non-system bundle that is active: symbolic name to version. */
    Map<String, String> bundles();

    /** Quarantined services ("id (bundle version)") to the reason. */
    Map<String, String> quarantined();

    /** The policy folder watcher's reloads, failed reloads and compile seconds since start. */
    default dev.rewire.runtime.host.policy.PolicyEngine.ReloadStats policyReloads() {
        return new dev.rewire.runtime.host.policy.PolicyEngine.ReloadStats(0, 0, 0);
    }
}
