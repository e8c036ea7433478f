package dev.rewire.framework.model;

import java.util.Map;

/**
 * Where an output came from: the bundles (symbolic name to version) whose services produced it,
 * and the sha256 of the policy that routed it.
 */
public record Provenance(Map<String, String> bundles, String policy) {

    public Provenance {
        bundles = Map.copyOf(bundles);
    }
}
