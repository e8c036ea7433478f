package dev.rewire.framework.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One completion of one prompt, as read from the input: the unit a reward is computed for.
 * Immutable and thread safe; lists are unmodifiable.
 *
 * @param id               unique id of the sample
 * @param promptId         the prompt; samples sharing it form a {@link Group}
 * @param domain           e.g. {@code math}, {@code qa}, {@code chat}; the policy routes on it
 * @param source           where the sample or its signal came from (e.g. {@code human}, {@code ai_judge})
 * @param prompt           the prompt text
 * @param completion       the model's completion
 * @param completionTokens the completion's length in tokens, when the producer knows it, or null
 * @param reference        the gold answer, or null
 * @param confidence       a stated confidence in [0,1], or null
 * @param answerTokenProbs per answer token, the probabilities of the top-1 and top-2 tokens, or null
 * @param rmScore          a learned reward model's score, or null
 * @param approved         an evaluator's approval, or null
 * @param judgments        annotator judgments; empty when there are none
 * @param fields           the input's other fields, as JSON values (strings, numbers, booleans, lists,
 *                         maps), kept so rules can route on them (e.g. veRL's {@code data_source}); empty
 *                         when there are none
 * @param step             the trainer's global step the sample was produced at, or null when unknown
 */
public record Sample(
        String id,
        String promptId,
        String domain,
        String source,
        String prompt,
        String completion,
        Integer completionTokens,
        String reference,
        Double confidence,
        List<double[]> answerTokenProbs,
        Double rmScore,
        Boolean approved,
        List<Judgment> judgments,
        Map<String, Object> fields,
        Long step) implements PreferenceSignal {

    public Sample {
        judgments = judgments == null ? List.of() : List.copyOf(judgments);
        answerTokenProbs = answerTokenProbs == null ? null : List.copyOf(answerTokenProbs);
        fields = fields == null || fields.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A sample with no extra fields and no step. */
    public Sample(String id, String promptId, String domain, String source, String prompt, String completion,
                  Integer completionTokens, String reference, Double confidence, List<double[]> answerTokenProbs,
                  Double rmScore, Boolean approved, List<Judgment> judgments) {
        this(id, promptId, domain, source, prompt, completion, completionTokens, reference, confidence,
                answerTokenProbs, rmScore, approved, judgments, Map.of(), null);
    }

    /** A sample without a token count. */
    public Sample(String id, String promptId, String domain, String source, String prompt, String completion,
                  String reference, Double confidence, List<double[]> answerTokenProbs, Double rmScore,
                  Boolean approved, List<Judgment> judgments) {
        this(id, promptId, domain, source, prompt, completion, null, reference, confidence, answerTokenProbs, rmScore,
                approved, judgments);
    }

    /**
     * The completion's length: {@code completion_tokens} when given, else its whitespace-separated
     * words (a tokenizer-free stand-in; say which in what you report).
     */
    public int length() {
        if (completionTokens != null) {
            return completionTokens;
        }
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < completion.length(); i++) {
            boolean space = Character.isWhitespace(completion.charAt(i));
            if (!space && !inWord) {
                words++;
            }
            inWord = !space;
        }
        return words;
    }
}
