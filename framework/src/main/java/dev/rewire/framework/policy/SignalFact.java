package dev.rewire.framework.policy;

/**
 * One annotator's judgments of one preference pair, as rules see it: the unit that is
 * classified GENUINE, CONSTRUCTED, NON_ATTITUDE or ARTIFACT.
 */
public final class SignalFact {

    private final String id;
    private final String pairId;
    private final String annotator;
    private final String promptId;
    private final String domain;
    private final int judgments;
    private final int opinions;

    public SignalFact(String id, String pairId, String annotator, String promptId, String domain, int judgments,
                      int opinions) {
        this.id = id;
        this.pairId = pairId;
        this.annotator = annotator;
        this.promptId = promptId;
        this.domain = domain;
        this.judgments = judgments;
        this.opinions = opinions;
    }

    /** The fact for one pair signal. */
    public SignalFact(dev.rewire.framework.model.PairSignal s) {
        this(s.id(), s.pair().id(), s.annotator(), s.pair().promptId(), s.pair().domain(), s.judgments().size(),
                (int) s.judgments().stream().filter(dev.rewire.framework.model.Judgment::isChoice).count());
    }

    public String getId() { return id; }
    public String getPairId() { return pairId; }
    public String getAnnotator() { return annotator; }
    public String getPromptId() { return promptId; }
    public String getDomain() { return domain; }
    public int getJudgments() { return judgments; }
    public int getOpinions() { return opinions; }
}
