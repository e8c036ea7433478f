package dev.rewire.framework.model;

import dev.rewire.framework.text.ParsedCompletion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One completion of one prompt, as read from the input: the unit a reward is computed for.
 * Immutable and thread safe; lists are unmodifiable. The completion is read once, on first use
 * ({@link #parsed()}), and the reading shared by every term and check.
 *
 * <ul>
 * <li>{@code id}: unique id of the sample</li>
 * <li>{@code promptId}: the prompt; samples sharing it form a {@link Group}
 * <li>{@code domain}: e.g. {@code math}, {@code qa}, {@code chat}; the policy routes on it
 * <li>{@code source}: where the sample or its signal came from (e.g. {@code human}, {@code ai_judge})
 * <li>{@code prompt}: the prompt text
 * <li>{@code completion}: the model's completion
 * <li>{@code completionTokens}: the completion's length in tokens, when the producer knows it, or null
 * <li>{@code reference}: the gold answer, or null
 * <li>{@code confidence}: a stated confidence in [0,1], or null
 * <li>{@code answerTokenProbs}: per answer token, the probabilities of the top-1 and top-2 tokens, or null
 * <li>{@code rmScore}: a learned reward model's score, or null
 * <li>{@code approved}: an evaluator's approval, or null
 * <li>{@code judgments}: annotator judgments; empty when there are none
 * <li>{@code fields}: the input's other fields, as JSON values (strings, numbers, booleans, lists,
 * maps), kept so rules can route on them (e.g. veRL's {@code data_source}); empty
 * when there are none
 * <li>{@code step}: the trainer's global step the sample was produced at, or null when unknown
 * </ul>
 */
public final class Sample implements PreferenceSignal {

    private final String id;
    private final String promptId;
    private final String domain;
    private final String source;
    private final String prompt;
    private final String completion;
    private final Integer completionTokens;
    private final String reference;
    private final Double confidence;
    private final List<double[]> answerTokenProbs;
    private final Double rmScore;
    private final Boolean approved;
    private final List<Judgment> judgments;
    private final Map<String, Object> fields;
    private final Long step;
    /** Racy single-check: a second thread may parse again, and gets an equal, immutable reading. */
    private ParsedCompletion parsed;

    public Sample(String id, String promptId, String domain, String source, String prompt, String completion,
                  Integer completionTokens, String reference, Double confidence, List<double[]> answerTokenProbs,
                  Double rmScore, Boolean approved, List<Judgment> judgments, Map<String, Object> fields, Long step) {
        this.id = id;
        this.promptId = promptId;
        this.domain = domain;
        this.source = source;
        this.prompt = prompt;
        this.completion = completion;
        this.completionTokens = completionTokens;
        this.reference = reference;
        this.confidence = confidence;
        this.answerTokenProbs = answerTokenProbs == null ? null : List.copyOf(answerTokenProbs);
        this.rmScore = rmScore;
        this.approved = approved;
        this.judgments = judgments == null ? List.of() : List.copyOf(judgments);
        this.fields = fields == null || fields.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.step = step;
    }

    /**
     * A builder for a sample with this id and prompt: every other field is optional
     * ({@code domain} and {@code source} default to {@code "unknown"}, the texts to empty).
     */
    public static Builder builder(String id, String promptId) {
        return new Builder(id, promptId);
    }

    /** A builder holding this sample's fields, to make a changed copy. */
    public Builder toBuilder() {
        return new Builder(id, promptId).domain(domain).source(source).prompt(prompt).completion(completion)
                .completionTokens(completionTokens).reference(reference).confidence(confidence)
                .answerTokenProbs(answerTokenProbs).rmScore(rmScore).approved(approved).judgments(judgments)
                .fields(fields).step(step);
    }

    /**
     * The completion's length: {@code completion_tokens} when given, else its whitespace-separated
     * words (a tokenizer-free stand-in; say which in what you report).
     */
    public int length() {
        return completionTokens != null ? completionTokens : parsed().words();
    }

    /** The completion as Rewire reads it (answer, stated confidence, correctness, words), read once. */
    public ParsedCompletion parsed() {
        ParsedCompletion p = parsed;
        if (p == null) {
            p = ParsedCompletion.of(completion, reference, domain);
            parsed = p;
        }
        return p;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String promptId() {
        return promptId;
    }

    public String domain() {
        return domain;
    }

    public String source() {
        return source;
    }

    public String prompt() {
        return prompt;
    }

    public String completion() {
        return completion;
    }

    public Integer completionTokens() {
        return completionTokens;
    }

    public String reference() {
        return reference;
    }

    public Double confidence() {
        return confidence;
    }

    public List<double[]> answerTokenProbs() {
        return answerTokenProbs;
    }

    public Double rmScore() {
        return rmScore;
    }

    public Boolean approved() {
        return approved;
    }

    @Override
    public List<Judgment> judgments() {
        return judgments;
    }

    public Map<String, Object> fields() {
        return fields;
    }

    public Long step() {
        return step;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && Objects.equals(id, s.id)
                && Objects.equals(promptId, s.promptId)
                && Objects.equals(domain, s.domain)
                && Objects.equals(source, s.source)
                && Objects.equals(prompt, s.prompt)
                && Objects.equals(completion, s.completion)
                && Objects.equals(completionTokens, s.completionTokens)
                && Objects.equals(reference, s.reference)
                && Objects.equals(confidence, s.confidence)
                && Objects.equals(answerTokenProbs, s.answerTokenProbs)
                && Objects.equals(rmScore, s.rmScore)
                && Objects.equals(approved, s.approved)
                && Objects.equals(judgments, s.judgments)
                && Objects.equals(fields, s.fields)
                && Objects.equals(step, s.step);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, promptId, domain, source, prompt, completion, completionTokens, reference, confidence, answerTokenProbs, rmScore, approved, judgments, fields, step);
    }

    @Override
    public String toString() {
        return "Sample[" + "id=" + id + ", "
                + "promptId=" + promptId + ", "
                + "domain=" + domain + ", "
                + "source=" + source + ", "
                + "prompt=" + prompt + ", "
                + "completion=" + completion + ", "
                + "completionTokens=" + completionTokens + ", "
                + "reference=" + reference + ", "
                + "confidence=" + confidence + ", "
                + "answerTokenProbs=" + answerTokenProbs + ", "
                + "rmScore=" + rmScore + ", "
                + "approved=" + approved + ", "
                + "judgments=" + judgments + ", "
                + "fields=" + fields + ", "
                + "step=" + step + "]";
    }

    /** Builds a {@link Sample}; not thread safe, one per sample. */
    public static final class Builder {
        private final String id;
        private final String promptId;
        private String domain = "unknown";
        private String source = "unknown";
        private String prompt = "";
        private String completion = "";
        private Integer completionTokens;
        private String reference;
        private Double confidence;
        private List<double[]> answerTokenProbs;
        private Double rmScore;
        private Boolean approved;
        private List<Judgment> judgments = List.of();
        private Map<String, Object> fields = Map.of();
        private Long step;

        private Builder(String id, String promptId) {
            this.id = Objects.requireNonNull(id, "id");
            this.promptId = Objects.requireNonNull(promptId, "promptId");
        }

        public Builder domain(String domain) { this.domain = domain; return this; }
        public Builder source(String source) { this.source = source; return this; }
        public Builder prompt(String prompt) { this.prompt = prompt; return this; }
        public Builder completion(String completion) { this.completion = completion; return this; }
        public Builder completionTokens(Integer tokens) { this.completionTokens = tokens; return this; }
        public Builder reference(String reference) { this.reference = reference; return this; }
        public Builder confidence(Double confidence) { this.confidence = confidence; return this; }
        public Builder answerTokenProbs(List<double[]> probs) { this.answerTokenProbs = probs; return this; }
        public Builder rmScore(Double rmScore) { this.rmScore = rmScore; return this; }
        public Builder approved(Boolean approved) { this.approved = approved; return this; }
        public Builder judgments(List<Judgment> judgments) { this.judgments = judgments; return this; }
        public Builder fields(Map<String, Object> fields) { this.fields = fields; return this; }
        public Builder step(Long step) { this.step = step; return this; }

        public Sample build() {
            return new Sample(id, promptId, domain, source, prompt, completion, completionTokens, reference,
                    confidence, answerTokenProbs, rmScore, approved, judgments, fields, step);
        }
    }
}
