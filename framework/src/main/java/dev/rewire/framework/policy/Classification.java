package dev.rewire.framework.policy;

import dev.rewire.framework.model.Verdict;
import java.util.List;

/**
 * A policy decision about one signal: what kind of preference it is, the weight its label gets
 * in the dataset, and the rule that decided, with the evidence it relied on.
 */
public final class Classification {

    private final String signalId;
    private final Verdict verdict;
    private final double weight;
    private final String rule;
    private final List<String> reasons;

    public Classification(String signalId, Verdict verdict, double weight, String rule, List<String> reasons) {
        this.signalId = signalId;
        this.verdict = verdict;
        this.weight = weight;
        this.rule = rule;
        this.reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    public String getSignalId() { return signalId; }
    public Verdict getVerdict() { return verdict; }
    public double getWeight() { return weight; }
    public String getRule() { return rule; }
    public List<String> getReasons() { return reasons; }
}
