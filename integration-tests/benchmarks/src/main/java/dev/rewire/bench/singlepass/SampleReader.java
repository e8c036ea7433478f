package dev.rewire.bench.singlepass;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads JSONL samples with Jackson's streaming parser, one parser per line over the line's bytes
 * (so a broken line costs only itself), validating the fields the scoring reads. Not supported, and
 * rejected as such: prompts or completions given as chat-message lists, and references that are JSON
 * arrays or objects (the benchmark's input has neither).
 */
final class SampleReader {

    /** A line that is not a valid sample. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private final InputStream in;
    private final JsonFactory json;
    private byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean eof;
    private long lineNumber;
    private int lineStart;
    private int lineLength;

    SampleReader(InputStream in, JsonFactory json) {
        this.in = in;
        this.json = json;
    }

    long lineNumber() {
        return lineNumber;
    }

    /** Advances to the next non-blank line; false at the end of input. */
    boolean nextLine() throws IOException {
        while (true) {
            int newline = -1;
            while (true) {
                for (int i = position; i < limit; i++) {
                    if (buffer[i] == '\n') {
                        newline = i;
                        break;
                    }
                }
                if (newline >= 0 || eof) {
                    break;
                }
                fill();
            }
            if (newline < 0 && position >= limit) {
                return false;
            }
            int end = newline >= 0 ? newline : limit;
            lineStart = position;
            lineLength = end - position;
            if (lineLength > 0 && buffer[end - 1] == '\r') {
                lineLength--;
            }
            position = newline >= 0 ? newline + 1 : limit;
            lineNumber++;
            if (!blank()) {
                return true;
            }
        }
    }

    private boolean blank() {
        for (int i = lineStart; i < lineStart + lineLength; i++) {
            byte b = buffer[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Moves the unread bytes to the front and reads more, growing the buffer for a long line. */
    private void fill() throws IOException {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        if (limit == buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /** Decodes the current line. */
    Sample decode() throws IOException, Invalid {
        try (JsonParser p = json.createParser(buffer, lineStart, lineLength)) {
            return decode(p);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Invalid("malformed JSON: " + e.getOriginalMessage());
        }
    }

    private Sample decode(JsonParser p) throws IOException, Invalid {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new Invalid("record must be a JSON object");
        }
        Sample s = new Sample();
        String prompt = null;
        String dataSource = null;
        String groundTruth = null;
        boolean hasCompletion = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "id" -> s.id = string(p, t, name);
                case "prompt_id" -> s.promptId = string(p, t, name);
                case "domain" -> s.domain = string(p, t, name);
                case "source" -> s.source = string(p, t, name);
                case "data_source" -> dataSource = string(p, t, name);
                case "prompt" -> prompt = string(p, t, name);
                case "completion" -> {
                    s.completion = string(p, t, name);
                    hasCompletion = true;
                }
                case "reference" -> s.reference = reference(p, t);
                case "ground_truth" -> groundTruth = reference(p, t);
                case "reward_model" -> groundTruth = groundTruth != null ? skip(p, groundTruth) : rewardModel(p, t);
                case "confidence" -> {
                    double q = number(p, t, name);
                    if (!(q >= 0 && q <= 1)) {
                        throw new Invalid("confidence must be in [0,1], got " + q);
                    }
                    s.confidenceField = q;
                    s.hasConfidenceField = true;
                }
                case "completion_tokens" -> s.completionTokens = wholeNumber(p, t, name, Integer.MAX_VALUE);
                case "step" -> wholeNumber(p, t, name, 9.0e15);
                case "rm_score" -> {
                    s.rmScore = number(p, t, name);
                    s.hasRmScore = true;
                }
                case "approved" -> {
                    if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                        throw new Invalid("field 'approved' must be true or false");
                    }
                    s.approved = t == JsonToken.VALUE_TRUE ? 1 : 0;
                }
                case "answer_token_probs" -> s.tokenProbs = tokenProbs(p, t);
                case "judgments" -> s.judgments = judgments(p, t);
                default -> p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw new Invalid("trailing content after the record");
        }
        if (s.id == null) {
            s.id = "line-" + lineNumber;
        }
        if (prompt == null) {
            throw new Invalid("missing required field 'prompt'");
        }
        if (!hasCompletion) {
            throw new Invalid("missing required field 'completion'");
        }
        if (s.promptId == null) {
            s.promptId = derivedPromptId(prompt);
        }
        if (s.domain == null) {
            s.domain = dataSource != null ? dataSource : "unknown";
        }
        if (s.source == null) {
            s.source = "unknown";
        }
        if (s.reference == null) {
            s.reference = groundTruth;
        }
        s.derive();
        return s;
    }

    private static String skip(JsonParser p, String keep) throws IOException {
        p.skipChildren();
        return keep;
    }

    private static String string(JsonParser p, JsonToken t, String name) throws IOException, Invalid {
        if (t != JsonToken.VALUE_STRING) {
            throw new Invalid("field '" + name + "' must be a string");
        }
        return p.getText();
    }

    private static double number(JsonParser p, JsonToken t, String name) throws IOException, Invalid {
        if (!t.isNumeric()) {
            throw new Invalid("field '" + name + "' must be a number");
        }
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
            throw new Invalid("field '" + name + "' must be finite");
        }
        return d;
    }

    private static int wholeNumber(JsonParser p, JsonToken t, String name, double max) throws IOException, Invalid {
        double d = number(p, t, name);
        if (d < 0 || d != Math.rint(d) || d > max) {
            throw new Invalid(name + " must be a whole number >= 0, got " + d);
        }
        return (int) Math.min(d, Integer.MAX_VALUE);
    }

    /** A reference: a string as it is, a number or boolean as its JSON text. */
    private static String reference(JsonParser p, JsonToken t) throws IOException, Invalid {
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue().toString();
            case VALUE_TRUE, VALUE_FALSE -> p.getText();
            default -> throw new Invalid("a reference given as a JSON " + t + " is not supported by the yardstick");
        };
    }

    private static String rewardModel(JsonParser p, JsonToken t) throws IOException, Invalid {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String found = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (name.equals("ground_truth") && v != JsonToken.VALUE_NULL) {
                found = reference(p, v);
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    private static double[] tokenProbs(JsonParser p, JsonToken t) throws IOException, Invalid {
        if (t != JsonToken.START_ARRAY) {
            throw new Invalid("field 'answer_token_probs' must be an array");
        }
        double[] probs = new double[16];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int i = n / 2;
            if (p.currentToken() != JsonToken.START_ARRAY || !p.nextToken().isNumeric()) {
                throw new Invalid("answer_token_probs[" + i + "] must be [p_top1, p_top2]");
            }
            double p1 = p.getDoubleValue();
            if (!p.nextToken().isNumeric()) {
                throw new Invalid("answer_token_probs[" + i + "] must be [p_top1, p_top2]");
            }
            double p2 = p.getDoubleValue();
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw new Invalid("answer_token_probs[" + i + "] must be [p_top1, p_top2]");
            }
            if (!(p2 >= 0 && p2 <= p1 && p1 <= 1)) {
                throw new Invalid("answer_token_probs[" + i + "] must satisfy 0 <= p_top2 <= p_top1 <= 1");
            }
            if (n + 2 > probs.length) {
                probs = java.util.Arrays.copyOf(probs, probs.length * 2);
            }
            probs[n++] = p1;
            probs[n++] = p2;
        }
        return java.util.Arrays.copyOf(probs, n);
    }

    private static List<Sample.Judgment> judgments(JsonParser p, JsonToken t) throws IOException, Invalid {
        if (t != JsonToken.START_ARRAY) {
            throw new Invalid("field 'judgments' must be an array");
        }
        List<Sample.Judgment> out = new ArrayList<>(8);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new Invalid("judgments[" + out.size() + "] must be a JSON object");
            }
            String annotator = null;
            String pick = null;
            String shownOrder = null;
            String framing = null;
            long timeMs = Sample.Judgment.NO_TIME;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (name) {
                    case "annotator" -> annotator = string(p, v, name);
                    case "pick" -> pick = string(p, v, name);
                    case "round" -> {
                        double r = number(p, v, name);
                        if (r < 1 || r != Math.rint(r)) {
                            throw new Invalid("round must be a whole number >= 1, got " + r);
                        }
                    }
                    case "shown_order" -> {
                        shownOrder = string(p, v, name);
                        if (!shownOrder.equals("ab") && !shownOrder.equals("ba")) {
                            throw new Invalid("shown_order must be \"ab\" or \"ba\"");
                        }
                    }
                    case "framing" -> framing = string(p, v, name);
                    case "time_ms" -> {
                        double ms = number(p, v, name);
                        if (ms < 0) {
                            throw new Invalid("time_ms must be >= 0, got " + ms);
                        }
                        timeMs = (long) ms;
                    }
                    default -> p.skipChildren();
                }
            }
            if (annotator == null || pick == null) {
                throw new Invalid("judgments[" + out.size() + "] needs an annotator and a pick");
            }
            out.add(new Sample.Judgment(annotator, pick, shownOrder, framing, timeMs));
        }
        return out;
    }

    /** The group key of a sample without a prompt_id: "p-" and 16 hex digits of the prompt's SHA-256. */
    private static String derivedPromptId(String prompt) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(prompt.getBytes(StandardCharsets.UTF_8));
            return "p-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
