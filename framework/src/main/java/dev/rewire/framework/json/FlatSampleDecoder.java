package dev.rewire.framework.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.Sample;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The common case of {@link SampleCodec}, read in one pass of Jackson's streaming parser without
 * building a JSON tree: a valid record whose prompt and completion are strings, whose reference is
 * a string, whose judgments are flat objects of the known keys, whose answer token probabilities
 * are pairs of numbers and whose other fields are scalars.
 * Anything else (chat messages, veRL's fields, a value out of range, a duplicate key, malformed
 * JSON) is not decided here: {@link #decode} returns null and the caller decodes the record the
 * full way, which alone words the errors. So this class only ever produces what the full decoder
 * would produce for the same line (pinned by SampleCodecTest). Stateless and thread safe.
 */
final class FlatSampleDecoder {

    private FlatSampleDecoder() {
    }

    /** The sample, or null when the line is not the common case (or not valid). */
    static Sample decode(String line, String fallbackId) {
        try (JsonParser p = RewireJson.mapper().getFactory().createParser(line)) {
            // every object this reader accepts has its keys checked for repeats here (a seen-set per
            // object): the parser's own detector would check them all a second time, at a set per object
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            return read(p, fallbackId);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Sample read(JsonParser p, String fallbackId) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        String id = null;
        String promptId = null;
        String domain = null;
        String source = null;
        String prompt = null;
        String completion = null;
        String reference = null;
        Double confidence = null;
        Double tokens = null;
        Double step = null;
        Double rmScore = null;
        Boolean approved = null;
        List<double[]> tokenProbs = null;
        List<Judgment> judgments = List.of();
        Map<String, Object> fields = null;
        int seen = 0;
        java.util.Set<String> others = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int bit = KNOWN.indexOf(name);
            if (bit >= 0) {
                if ((seen & (1 << bit)) != 0) {
                    return null;
                }
                seen |= 1 << bit;
            } else {
                // a repeated key: a tree keeps the last value at the first key's place; leave that to it
                others = others == null ? new java.util.HashSet<>() : others;
                if (!others.add(name)) {
                    return null;
                }
            }
            if (v == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case SampleFields.ID -> id = string(p, v);
                case SampleFields.PROMPT_ID -> promptId = string(p, v);
                case SampleFields.DOMAIN -> domain = string(p, v);
                case SampleFields.SOURCE -> source = string(p, v);
                case SampleFields.PROMPT -> prompt = string(p, v);
                case SampleFields.COMPLETION -> completion = string(p, v);
                case SampleFields.REFERENCE -> reference = string(p, v);
                case SampleFields.CONFIDENCE -> confidence = number(p, v);
                case SampleFields.COMPLETION_TOKENS -> tokens = number(p, v);
                case SampleFields.STEP -> step = number(p, v);
                case SampleFields.RM_SCORE -> rmScore = number(p, v);
                case SampleFields.APPROVED -> approved = v == JsonToken.VALUE_TRUE ? Boolean.TRUE
                        : v == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                case SampleFields.JUDGMENTS -> judgments = judgments(p, v);
                case SampleFields.ANSWER_TOKEN_PROBS -> tokenProbs = tokenProbs(p, v);
                default -> {
                    // names the full decoder reads for their meaning, or values a tree would keep whole
                    if (FULL_PATH_FIELDS.contains(name) || !v.isScalarValue()) {
                        return null;
                    }
                    if (fields == null) {
                        fields = new LinkedHashMap<>();
                    }
                    fields.put(name, scalar(p, v));
                }
            }
            if (bit >= 0 && missing(name, id, promptId, domain, source, prompt, completion, reference, confidence,
                    tokens, step, rmScore, approved, tokenProbs, judgments)) {
                return null;
            }
        }
        if (p.nextToken() != null) {
            return null;
        }
        if (id == null) {
            id = fallbackId;
        } else if (id.isBlank()) {
            return null;
        }
        if (id == null || prompt == null || completion == null) {
            return null;
        }
        if (confidence != null && !(confidence >= 0 && confidence <= 1)
                || tokens != null && (tokens < 0 || tokens != Math.rint(tokens) || tokens > Integer.MAX_VALUE)
                || step != null && (step < 0 || step != Math.rint(step) || step > 9.0e15)) {
            return null;
        }
        if (promptId == null) {
            promptId = GroupKeys.fromPrompt(prompt, id);
        }
        return new Sample(id, promptId, domain == null ? "unknown" : domain, source == null ? "unknown" : source,
                prompt, completion, tokens == null ? null : tokens.intValue(), reference, confidence, tokenProbs, rmScore,
                approved, judgments, fields == null ? Map.of() : fields, step == null ? null : step.longValue());
    }

    private static final List<String> KNOWN = List.of(SampleFields.ID, SampleFields.PROMPT_ID, SampleFields.DOMAIN, SampleFields.SOURCE, SampleFields.PROMPT, SampleFields.COMPLETION,
            SampleFields.REFERENCE, SampleFields.CONFIDENCE, SampleFields.COMPLETION_TOKENS, SampleFields.STEP, SampleFields.RM_SCORE, SampleFields.APPROVED, SampleFields.JUDGMENTS,
            SampleFields.ANSWER_TOKEN_PROBS);

    /** Fields whose presence changes what the full decoder does (derived values, other shapes). */
    private static final java.util.Set<String> FULL_PATH_FIELDS = java.util.Set.of(SampleFields.DATA_SOURCE, SampleFields.GROUND_TRUTH, SampleFields.REWARD_MODEL, SampleFields.UID, SampleFields.NEMO_GYM_TASK_INDEX, SampleFields.EXTRA_INFO);

    /** True when a known field held a value of the wrong type (read as null here): the full path words it. */
    private static boolean missing(String name, String id, String promptId, String domain, String source,
                                   String prompt, String completion, String reference, Double confidence,
                                   Double tokens, Double step, Double rmScore, Boolean approved,
                                   List<double[]> tokenProbs, List<Judgment> judgments) {
        return switch (name) {
            case SampleFields.ID -> id == null;
            case SampleFields.PROMPT_ID -> promptId == null;
            case SampleFields.DOMAIN -> domain == null;
            case SampleFields.SOURCE -> source == null;
            case SampleFields.PROMPT -> prompt == null;
            case SampleFields.COMPLETION -> completion == null;
            case SampleFields.REFERENCE -> reference == null;
            case SampleFields.CONFIDENCE -> confidence == null;
            case SampleFields.COMPLETION_TOKENS -> tokens == null;
            case SampleFields.STEP -> step == null;
            case SampleFields.RM_SCORE -> rmScore == null;
            case SampleFields.APPROVED -> approved == null;
            case SampleFields.JUDGMENTS -> judgments == null;
            case SampleFields.ANSWER_TOKEN_PROBS -> tokenProbs == null;
            default -> false;
        };
    }

    /** A string that can be written back as UTF-8; null for anything else. */
    private static String string(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            return null;
        }
        String s = p.getText();
        return Fields.unpairedSurrogateAt(s) < 0 ? s : null;
    }

    /** A finite number; null for anything else. */
    private static Double number(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
            return null;
        }
        double d = p.getDoubleValue();
        return Double.isFinite(d) ? d : null;
    }

    /** What a tree would hold for a scalar, as {@code convertValue(node, Object.class)} gives it. */
    private static Object scalar(JsonParser p, JsonToken v) throws IOException {
        return switch (v) {
            case VALUE_STRING -> {
                String s = p.getText();
                if (Fields.unpairedSurrogateAt(s) >= 0) {
                    throw new IOException("unpaired surrogate");
                }
                yield s;
            }
            case VALUE_NUMBER_INT -> p.getNumberValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> throw new IOException("not a scalar: " + v);
        };
    }

    /**
     * Pairs {@code [p_top1, p_top2]} of numbers with 0 <= p_top2 <= p_top1 <= 1, as the full decoder
     * reads them (a number's double value); null for anything else.
     */
    private static List<double[]> tokenProbs(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_ARRAY) {
            return null;
        }
        List<double[]> probs = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_ARRAY) {
                return null;
            }
            Double p1 = number(p, p.nextToken());
            Double p2 = p1 == null ? null : number(p, p.nextToken());
            if (p2 == null || p.nextToken() != JsonToken.END_ARRAY || !(p2 >= 0 && p2 <= p1 && p1 <= 1)) {
                return null;
            }
            probs.add(new double[] {p1, p2});
        }
        return probs;
    }

    /** Flat judgment objects of the known keys, valid; null for anything else. */
    private static List<Judgment> judgments(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_ARRAY) {
            return null;
        }
        List<Judgment> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                return null;
            }
            String annotator = null;
            String pick = null;
            Double round = null;
            String shownOrder = null;
            String framing = null;
            Double timeMs = null;
            int seen = 0;
            for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                int bit = JUDGMENT_KEYS.indexOf(name);
                if (bit < 0 || (seen & (1 << bit)) != 0) {
                    return null;
                }
                seen |= 1 << bit;
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                boolean ok = switch (name) {
                    case SampleFields.ANNOTATOR -> (annotator = string(p, value)) != null;
                    case SampleFields.PICK -> (pick = string(p, value)) != null;
                    case SampleFields.ROUND -> (round = number(p, value)) != null;
                    case SampleFields.SHOWN_ORDER -> (shownOrder = string(p, value)) != null;
                    case SampleFields.FRAMING -> (framing = string(p, value)) != null;
                    case SampleFields.TIME_MS -> (timeMs = number(p, value)) != null;
                    default -> false;
                };
                if (!ok) {
                    return null;
                }
            }
            if (annotator == null || pick == null || annotator.isBlank() || !SampleCodec.SAMPLE_PICKS.contains(pick)
                    || round != null && (round < 1 || round != Math.rint(round))
                    || shownOrder != null && !shownOrder.equals("ab") && !shownOrder.equals("ba")
                    || timeMs != null && timeMs < 0) {
                return null;
            }
            out.add(new Judgment(annotator, pick, round == null ? 1 : round.intValue(), shownOrder, framing,
                    timeMs == null ? null : timeMs.longValue()));
        }
        return out;
    }

    private static final List<String> JUDGMENT_KEYS = List.of(SampleFields.ANNOTATOR, SampleFields.PICK, SampleFields.ROUND, SampleFields.SHOWN_ORDER, SampleFields.FRAMING,
            SampleFields.TIME_MS);
}
