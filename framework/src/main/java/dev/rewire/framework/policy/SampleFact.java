package dev.rewire.framework.policy;

import dev.rewire.framework.model.Sample;
import dev.rewire.framework.model.Verdict;
import java.util.List;
import java.util.Map;

/**
 * What rules may match about a sample: a flat, read-only descriptor (rules never see the text).
 * One per sample per batch. The verdict is the annotation filters' combined verdict on the
 * sample's judgments, null when no filter had anything to say. {@code completionLengthChars} is the
 * completion's length in characters.
 */
public final class SampleFact {

    private final String id;
    private final String promptId;
    private final String domain;
    private final String source;
    private final boolean hasReference;
    private final boolean hasConfidence;
    private final boolean hasApprovals;
    private final boolean hasRmScore;
    private final boolean hasTokenProbs;
    private final int completionLengthChars;
    private final Verdict verdict;
    private final List<String> verdictReasons;
    private final Map<String, Object> fields;
    private final long step;

    public SampleFact(Sample sample, Verdict verdict, List<String> verdictReasons) {
        this.id = sample.id();
        this.promptId = sample.promptId();
        this.domain = sample.domain();
        this.source = sample.source();
        this.hasReference = sample.reference() != null;
        this.hasConfidence = sample.confidence() != null || sample.completion().contains("<confidence>");
        this.hasApprovals = sample.approved() != null || !sample.judgments().isEmpty();
        this.hasRmScore = sample.rmScore() != null;
        this.hasTokenProbs = sample.answerTokenProbs() != null && !sample.answerTokenProbs().isEmpty();
        this.completionLengthChars = sample.completion().length();
        this.verdict = verdict;
        this.verdictReasons = verdictReasons == null ? List.of() : List.copyOf(verdictReasons);
        this.fields = sample.fields();
        this.step = sample.step() == null ? -1 : sample.step();
    }

    public String getId() { return id; }
    public String getPromptId() { return promptId; }
    public String getDomain() { return domain; }
    public String getSource() { return source; }
    public boolean isHasReference() { return hasReference; }
    public boolean isHasConfidence() { return hasConfidence; }
    public boolean isHasApprovals() { return hasApprovals; }
    public boolean isHasRmScore() { return hasRmScore; }
    public boolean isHasTokenProbs() { return hasTokenProbs; }
    public int getCompletionLengthChars() { return completionLengthChars; }
    public Verdict getVerdict() { return verdict; }
    public List<String> getVerdictReasons() { return verdictReasons; }

    /**
     * The sample's other input fields as JSON values (strings, numbers, booleans, lists, maps):
     * rules read them as {@code fields["data_source"] == "gsm8k"}.
     */
    public Map<String, Object> getFields() { return fields; }

    /** The trainer's global step the sample was produced at, or -1 when the trainer sent none. */
    public long getStep() { return step; }

    @Override
    public String toString() {
        return "SampleFact[" + id + ", domain=" + domain + ", source=" + source + ", verdict=" + verdict + "]";
    }
}
