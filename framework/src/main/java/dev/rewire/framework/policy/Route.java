package dev.rewire.framework.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A policy decision: score sample {@code sampleId} with term {@code term} at {@code weight}.
 *
 * <p>Rules insert routes and may then rescale them; each change appends the deciding rule's name
 * and what it did to the weight ({@link WeightStep}), so the trail of a weight is always known.
 * Mutable only inside one policy session (one thread).
 */
public final class Route {

    private final String sampleId;
    private final String term;
    private double weight;
    private final List<String> rules = new ArrayList<>(2);
    private final List<WeightStep> steps = new ArrayList<>(2);

    public Route(String sampleId, String term, double weight, String rule) {
        this.sampleId = sampleId;
        this.term = term;
        this.weight = weight;
        this.rules.add(rule);
        this.steps.add(WeightStep.set(rule, weight));
    }

    private Route(String sampleId, Route decided) {
        this.sampleId = sampleId;
        this.term = decided.term;
        this.weight = decided.weight;
        this.rules.addAll(decided.rules);
        this.steps.addAll(decided.steps);
    }

    /**
     * The same decision for another sample: a policy proven to decide each sample from what it
     * reads of it alone decides one sample of a class of equal reads and copies its routes to the others.
     */
    public Route copyFor(String otherSampleId) {
        return new Route(otherSampleId, this);
    }

    /** Multiplies the weight by {@code factor}, recording {@code rule} as the reason. */
    public void scale(double factor, String rule) {
        weight *= factor;
        rules.add(rule);
        steps.add(WeightStep.scale(rule, factor));
    }

    /** Sets the weight, recording {@code rule} as the reason. */
    public void reweight(double newWeight, String rule) {
        weight = newWeight;
        rules.add(rule);
        steps.add(WeightStep.set(rule, newWeight));
    }

    /** True when a rule of this name already changed or created this route. */
    public boolean decidedBy(String rule) {
        return rules.contains(rule);
    }

    public String getSampleId() { return sampleId; }
    public String getTerm() { return term; }
    public double getWeight() { return weight; }
    public List<String> getRules() { return Collections.unmodifiableList(rules); }
    /** What each rule did to the weight, in the order the rules fired: the first step created the route. */
    public List<WeightStep> getSteps() { return Collections.unmodifiableList(steps); }

    @Override
    public String toString() {
        return "Route[" + sampleId + " -> " + term + " x " + weight + " by " + rules + "]";
    }
}
