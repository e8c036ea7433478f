package dev.rewire.framework.record;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where an output came from: the bundles (symbolic name to version) whose services produced it,
 * the sha256 of the policy that routed it, and the configuration of each configurable term that
 * scored it (term id to its settings; terms without settings are left out).
 */
public record Provenance(Map<String, String> bundles, String policy, Map<String, Map<String, Object>> config) {

    public Provenance {
        bundles = Collections.unmodifiableMap(new TreeMap<>(bundles));
        config = config == null || config.isEmpty() ? null : Collections.unmodifiableMap(new TreeMap<>(config));
    }
}
