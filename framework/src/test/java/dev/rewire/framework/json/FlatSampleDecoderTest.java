package dev.rewire.framework.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.model.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-pass decoder against the full one: on every line, it either declines (null) or produces
 * exactly the sample the full decoder produces; it never accepts a line the full decoder rejects.
 */
class FlatSampleDecoderTest {

    private static final List<String> BASES = List.of(
            "{\"id\":\"s-1\",\"prompt_id\":\"math-0\",\"domain\":\"math\",\"source\":\"dataset\",\"prompt\":\"What is 2+2?\","
                    + "\"completion\":\"\\\\boxed{4}\",\"reference\":\"4\"}",
            "{\"id\":\"s-9\",\"prompt_id\":\"qa-0\",\"domain\":\"qa\",\"source\":\"dataset\",\"prompt\":\"Capital?\","
                    + "\"completion\":\"<answer>Paris</answer><confidence>0.8</confidence>\",\"reference\":\"Paris\","
                    + "\"approved\":false,\"confidence\":0.5}",
            "{\"id\":\"s-16\",\"prompt_id\":\"chat-0\",\"domain\":\"chat\",\"source\":\"ai_judge\",\"prompt\":\"Hi\","
                    + "\"completion\":\"Hello\",\"approved\":false,\"judgments\":[{\"annotator\":\"a\",\"pick\":\"approve\","
                    + "\"round\":1,\"time_ms\":2634},{\"annotator\":\"a\",\"pick\":\"reject\",\"round\":2,\"time_ms\":2973,"
                    + "\"shown_order\":\"ab\",\"framing\":\"plain\"}],\"completion_tokens\":59,\"rm_score\":-0.753,\"step\":12}",
            "{\"prompt\":\"no id\",\"completion\":\"c\",\"extra\":7,\"flag\":true,\"ratio\":0.25,\"name\":\"x\",\"big\":12345678901}",
            "{\"id\":\"s-55\",\"prompt_id\":\"math-3\",\"domain\":\"math\",\"prompt\":\"1061 times 66?\","
                    + "\"completion\":\"The answer is 70,026.\",\"answer_token_probs\":[[0.982,0.014],[1,0],[0.5,0.5],[0.906,-0.0]]}");

    private static Sample full(String line, String fallback) {
        try {
            return SampleCodec.decode(RewireJson.mapper().readTree(line), fallback);
        } catch (Exception e) {
            return null;
        }
    }

    @Test
    void theCommonShapesAreReadInOnePass() {
        for (String line : BASES) {
            Sample flat = FlatSampleDecoder.decode(line, "line-1");
            assertNotNull(flat, line);
            assertSameSample(full(line, "line-1"), flat, line);
        }
    }

    @Test
    void otherShapesAreLeftToTheFullDecoder() {
        assertNull(FlatSampleDecoder.decode("{\"id\":\"a\",\"prompt\":[{\"role\":\"user\",\"content\":\"q\"}],"
                + "\"completion\":\"c\"}", null));
        assertNull(FlatSampleDecoder.decode("{\"id\":\"a\",\"prompt\":\"q\",\"completion\":\"c\",\"data_source\":\"gsm8k\"}", null));
        assertNull(FlatSampleDecoder.decode("{\"id\":\"a\",\"prompt\":\"q\",\"completion\":\"c\",\"reference\":42}", null));
        assertNull(FlatSampleDecoder.decode("{\"id\":\"a\",\"prompt\":\"q\",\"completion\":\"c\",\"meta\":{\"k\":1}}", null));
        assertNull(FlatSampleDecoder.decode("{\"id\":\"a\",\"id\":\"b\",\"prompt\":\"q\",\"completion\":\"c\"}", null));
        assertNull(FlatSampleDecoder.decode("{\"id\":\"a\",\"prompt\":\"q\",\"completion\":\"c\"} x", null));
        assertNull(FlatSampleDecoder.decode("{\"id\":\"a\",\"prompt\":\"q\",\"completion\":\"c\",\"confidence\":1.5}", null));
        assertNull(FlatSampleDecoder.decode("{\"id\":\"a\",\"prompt\":\"q\",\"completion\":\"c\","
                + "\"answer_token_probs\":[[0.2,0.3]]}", null));
    }

    /** Thousands of mutated lines: dropped, nulled, retyped, repeated and added fields, broken syntax. */
    @Test
    void neverDisagreesWithTheFullDecoder() {
        Random random = new Random(20261129);
        String[] values = {"null", "true", "false", "0", "-1", "1.5", "1e400", "2.0", "7", "12345678901234567890",
                "\"\"", "\"text\"", "\"\\ud800\"", "\"\\ud83d\\ude00\"", "\"ab\"", "\"ba\"", "[]", "{}", "[1,2]",
                "[{\"annotator\":\"a\",\"pick\":\"approve\"}]", "[{\"annotator\":\"a\"}]",
                "[{\"annotator\":\"a\",\"pick\":\"b\",\"round\":0}]", "[{\"annotator\":\"a\",\"pick\":\"b\",\"x\":1}]",
                "[{\"role\":\"assistant\",\"content\":\"hi\"}]"};
        String[] names = {"id", "prompt_id", "domain", "source", "prompt", "completion", "reference", "confidence",
                "completion_tokens", "step", "rm_score", "approved", "judgments", "answer_token_probs", "data_source",
                "ground_truth", "extra", "other"};
        int flat = 0;
        int cases = 0;
        for (String base : BASES) {
            for (int i = 0; i < 1500; i++) {
                String line = mutate(base, random, values, names);
                cases++;
                Sample fast = FlatSampleDecoder.decode(line, i % 2 == 0 ? "line-" + i : null);
                if (fast != null) {
                    flat++;
                    assertSameSample(full(line, i % 2 == 0 ? "line-" + i : null), fast, line);
                }
            }
        }
        assertTrue(flat > cases / 10, "the one-pass path should take a good share of the cases: " + flat + " of " + cases);
    }

    /** Every shape of answer_token_probs, valid or not, on every base line. */
    @Test
    void tokenProbabilitiesAgreeWithTheFullDecoder() {
        String[] probs = {"null", "[]", "[[0.9,0.1]]", "[[0.1,0.9]]", "[[1,0],[0.5,0.5]]", "[[0.5]]", "[[0.5,0.2,0.1]]",
                "[[\"0.5\",0.1]]", "[[0.5,null]]", "[[1e400,0]]", "[[1.0000001,0]]", "[[0.3,-0.01]]", "[[0.3,-0.0]]",
                "[[-0.0,-0.0]]", "[[0.5,0.1]", "[0.5,0.1]", "[[0.9,0.1],{}]", "[[]]", "[[0.9,0.1],[0.8,0.7]]",
                "[[1E-3,0e0]]", "[[0.70000000000000001,0.1]]", "\"x\"", "{}", "0.5"};
        int flat = 0;
        for (String base : BASES) {
            String body = base.substring(1, base.length() - 1).replaceAll(",\"answer_token_probs\":.*", "");
            for (String value : probs) {
                String line = "{" + body + ",\"answer_token_probs\":" + value + "}";
                Sample fast = FlatSampleDecoder.decode(line, "line-1");
                if (fast != null) {
                    flat++;
                    assertSameSample(full(line, "line-1"), fast, line);
                }
            }
        }
        assertTrue(flat >= 5 * 9, "the valid pairs should be read in one pass: " + flat);
    }

    /**
     * Equal samples: {@link Sample#equals} compares the token probability pairs (arrays) by identity,
     * so two decodings of one line differ there; they are compared by value here.
     */
    private static void assertSameSample(Sample expected, Sample actual, String line) {
        assertNotNull(expected, line);
        List<double[]> e = expected.answerTokenProbs();
        List<double[]> a = actual.answerTokenProbs();
        assertEquals(e == null, a == null, line);
        if (e != null) {
            assertEquals(e.size(), a.size(), line);
            for (int k = 0; k < e.size(); k++) {
                assertArrayEquals(e.get(k), a.get(k), line);
            }
        }
        assertEquals(expected.toBuilder().answerTokenProbs(null).build(), actual.toBuilder().answerTokenProbs(null).build(), line);
    }

    private static String mutate(String base, Random random, String[] values, String[] names) {
        String body = base.substring(1, base.length() - 1);
        List<String> parts = new ArrayList<>(splitTopLevel(body));
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int kind = random.nextInt(6);
            if (kind == 0 && !parts.isEmpty()) {
                parts.remove(random.nextInt(parts.size()));
            } else if (kind <= 2) {
                String name = names[random.nextInt(names.length)];
                parts.removeIf(p -> p.startsWith("\"" + name + "\":"));
                parts.add(random.nextInt(parts.size() + 1), "\"" + name + "\":" + values[random.nextInt(values.length)]);
            } else if (kind == 3) {
                parts.add("\"" + names[random.nextInt(names.length)] + "\":" + values[random.nextInt(values.length)]);
            } else if (kind == 4 && !parts.isEmpty()) {
                int at = random.nextInt(parts.size());
                String p = parts.get(at);
                parts.set(at, p.substring(0, p.indexOf(':') + 1) + values[random.nextInt(values.length)]);
            } else {
                parts.add("\"" + names[random.nextInt(names.length)] + "\" : " + values[random.nextInt(values.length)]);
            }
        }
        String line = "{" + String.join(",", parts) + "}";
        int tail = random.nextInt(20);
        return tail == 0 ? line + " x" : tail == 1 ? line.substring(0, line.length() - 1) : tail == 2 ? " " + line + " " : line;
    }

    /** The top-level "name":value members of an object body (values may hold nested brackets and strings). */
    private static List<String> splitTopLevel(String body) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean inString = false;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(body.substring(start, i));
                start = i + 1;
            }
        }
        out.add(body.substring(start));
        return out;
    }
}
