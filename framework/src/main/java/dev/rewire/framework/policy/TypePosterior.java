package dev.rewire.framework.policy;

import dev.rewire.framework.model.Verdict;
import java.util.Map;

/**
 * The pairs type model's posterior for one signal, as rules see it: P(type | every judgment in
 * the batch), with the annotator's fitted mix of types as the prior. Rules decide verdicts and
 * weights from it; {@link #getConfidence()} says how settled the answer is, and
 * {@link #getOwnLogBayesFactor()} how much of it the signal's own judgments carry (near 0: the
 * annotator's other items decided, or nothing did).
 */
public final class TypePosterior {

    private final String signalId;
    private final Map<Verdict, Double> posterior;
    private final double ownLogBayesFactor;
    private final boolean slipsIdentified;

    /**
     * @param signalId          the signal
     * @param posterior         probability per type (GENUINE, CONSTRUCTED, NON_ATTITUDE, ARTIFACT), summing to 1
     * @param ownLogBayesFactor log10 of the likelihood ratio of the most probable type against the
     *                          runner-up from this signal's judgments alone
     * @param slipsIdentified   whether the design can tell the annotator's slips from their
     *                          non-attitudes (false: two or three judgments of each pair and no one
     *                          else judging it, where a disagreement is a slip or a non-attitude
     *                          alike, and only the annotator's overall agreement speaks)
     */
    public TypePosterior(String signalId, Map<Verdict, Double> posterior, double ownLogBayesFactor,
                         boolean slipsIdentified) {
        this.signalId = signalId;
        this.posterior = Map.copyOf(posterior);
        this.ownLogBayesFactor = ownLogBayesFactor;
        this.slipsIdentified = slipsIdentified;
    }

    public String getSignalId() { return signalId; }
    public Map<Verdict, Double> getPosterior() { return posterior; }
    public double getGenuine() { return of(Verdict.GENUINE); }
    public double getConstructed() { return of(Verdict.CONSTRUCTED); }
    public double getNonAttitude() { return of(Verdict.NON_ATTITUDE); }
    public double getArtifact() { return of(Verdict.ARTIFACT); }
    public double getOwnLogBayesFactor() { return ownLogBayesFactor; }
    public boolean isSlipsIdentified() { return slipsIdentified; }

    /** The most probable type. */
    public Verdict getBest() {
        return posterior.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** The probability of the most probable type. */
    public double getConfidence() {
        return of(getBest());
    }

    /**
     * The posterior in words, for a classification's reasons: the types with probability of at
     * least 0.001, most probable first, and how strongly the signal's own judgments speak.
     */
    public String summary() {
        StringBuilder s = new StringBuilder("posterior");
        posterior.entrySet().stream().filter(e -> e.getValue() >= 0.001)
                .sorted(Map.Entry.<Verdict, Double>comparingByValue().reversed())
                .forEach(e -> s.append(String.format(java.util.Locale.ROOT, " %s %.3f,", e.getKey(), e.getValue())));
        s.setLength(s.length() - 1);
        return s.append(String.format(java.util.Locale.ROOT,
                "; the signal's own judgments favour %s over the runner-up by 10^%.1f", getBest(), ownLogBayesFactor))
                .toString();
    }

    /** A type's probability; 0 for a type the model does not hold. */
    public double of(Verdict type) {
        return posterior.getOrDefault(type, 0.0);
    }
}
