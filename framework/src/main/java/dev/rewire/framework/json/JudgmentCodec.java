package dev.rewire.framework.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.model.Judgment;
import java.util.ArrayList;
import java.util.List;

/** Decodes the {@code judgments} array of a sample or a preference pair. */
final class JudgmentCodec {

    private JudgmentCodec() {
    }

    static List<Judgment> decodeAll(Fields record) throws InvalidRecordException {
        JsonNode array = record.optionalArray(SampleFields.JUDGMENTS);
        if (array == null) {
            return List.of();
        }
        List<Judgment> judgments = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            Fields f = record.element("judgments[" + i + "]", array.get(i));
            String annotator = f.requiredString(SampleFields.ANNOTATOR);
            if (annotator.isBlank()) {
                throw f.invalid("judgments[" + i + "].annotator is empty");
            }
            String pick = f.requiredString(SampleFields.PICK);
            Double round = f.optionalNumber(SampleFields.ROUND);
            if (round != null && (round < 1 || round != Math.rint(round))) {
                throw f.invalid("round must be a whole number >= 1, got " + round);
            }
            String shownOrder = f.optionalString(SampleFields.SHOWN_ORDER);
            if (shownOrder != null && !shownOrder.equals("ab") && !shownOrder.equals("ba")) {
                throw f.invalid("shown_order must be \"ab\" or \"ba\", got \"" + shownOrder + "\"");
            }
            String framing = f.optionalString(SampleFields.FRAMING);
            Double timeMs = f.optionalNumber(SampleFields.TIME_MS);
            if (timeMs != null && timeMs < 0) {
                throw f.invalid("time_ms must be >= 0, got " + timeMs);
            }
            Long timestamp = timestamp(f);
            judgments.add(new Judgment(annotator, pick, round == null ? 1 : round.intValue(), shownOrder, framing,
                    timeMs == null ? null : timeMs.longValue(), timestamp));
        }
        return judgments;
    }

    /** {@code timestamp}: milliseconds since the epoch, or an ISO-8601 instant ({@code 2026-01-01T09:30:00Z}). */
    private static Long timestamp(Fields f) throws InvalidRecordException {
        JsonNode node = f.optionalValue("timestamp");
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return java.time.Instant.parse(node.asText()).toEpochMilli();
            } catch (java.time.format.DateTimeParseException e) {
                throw f.invalid("timestamp must be milliseconds since the epoch or an ISO-8601 instant, got \""
                        + node.asText() + "\"");
            }
        }
        throw f.invalid("timestamp must be milliseconds since the epoch or an ISO-8601 instant, got " + node);
    }
}
