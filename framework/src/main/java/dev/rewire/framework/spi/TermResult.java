package dev.rewire.framework.spi;

import java.util.Map;

/**
 * A reward term's value for one sample, or its abstention.
 *
 * <p>Abstaining means "this term has nothing to say about this sample": the value is NaN and the
 * reason says why (e.g. {@code format: no <confidence> tag}). An abstaining term contributes
 * nothing to the reward, which is different from contributing 0: a term must never hide a missing
 * input behind a silent 0. Immutable and thread safe.
 *
 * @param value       the value, finite unless abstained
 * @param reason      why the term abstained; null when it did not
 * @param diagnostics optional named numbers that explain the value (e.g. a group's majority ratio)
 * @param explanation optional named texts that explain the value, written into the output record
 *                    (e.g. {@code extracted} and {@code compared} of a graded answer); since 1.1
 */
public record TermResult(double value, String reason, Map<String, Double> diagnostics, Map<String, String> explanation) {

    public TermResult {
        if (reason == null && !Double.isFinite(value)) {
            throw new IllegalArgumentException("a term value must be finite; abstain with a reason instead of " + value);
        }
        if (reason != null) {
            value = Double.NaN;
        }
        diagnostics = diagnostics == null ? Map.of() : Map.copyOf(diagnostics);
        explanation = explanation == null || explanation.isEmpty() ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(explanation));
    }

    /** The 1.0 constructor: no explanation. */
    public TermResult(double value, String reason, Map<String, Double> diagnostics) {
        this(value, reason, diagnostics, Map.of());
    }

    /** This result with named texts that explain it (kept in order). */
    public TermResult explained(Map<String, String> texts) {
        return new TermResult(value, reason, diagnostics, texts);
    }

    public static TermResult of(double value) {
        return new TermResult(value, null, Map.of());
    }

    public static TermResult of(double value, Map<String, Double> diagnostics) {
        return new TermResult(value, null, diagnostics);
    }

    public static TermResult abstain(String reason) {
        return new TermResult(Double.NaN, reason == null ? "abstained" : reason, Map.of());
    }

    /** The abstention Rewire records when a term throws: the error becomes the reason. */
    public static TermResult failed(Throwable error) {
        String message = error.getMessage();
        return abstain("error: " + error.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }

    public boolean abstained() {
        return reason != null;
    }
}
