package dev.rewire.runtime.serve;

import dev.rewire.runtime.host.policy.PolicyEngine;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link HostView} whose bundles, policy and quarantines a test changes, as a hot swap would. */
final class MutableHost implements HostView {

    volatile Map<String, String> bundles = Map.of("dev.rewire.terms.answer", "1.0.0");
    volatile String policy = "a".repeat(64);
    volatile Map<String, String> quarantined = Map.of();

    @Override
    public Map<String, Double> stageSeconds() {
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("decide", 0.5);
        stages.put("score", 0.25);
        return stages;
    }

    @Override
    public String policySha256() {
        return policy;
    }

    @Override
    public Map<String, String> bundles() {
        return bundles;
    }

    @Override
    public Map<String, String> quarantined() {
        return quarantined;
    }

    @Override
    public PolicyEngine.ReloadStats policyReloads() {
        return new PolicyEngine.ReloadStats(2, 1, 0.75);
    }
}
