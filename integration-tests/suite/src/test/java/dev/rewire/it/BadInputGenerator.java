package dev.rewire.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Writes JSONL in which good and broken lines are mixed, with a fixed seed, and knows which is
 * which: the oracle the bad-input invariant is checked against. Each broken line belongs to a
 * category (encodings, types, ranges, nesting, sizes, duplicates, line endings, not JSON); valid
 * lines come in the shapes trainers send (chat messages, numeric references, missing ids, CRLF
 * endings, a byte order mark). Blank lines are mixed in too: they are neither records nor rejects.
 */
final class BadInputGenerator {

    /** One written line: its 1-based number, whether it is a valid record, and its category. */
    record Line(long number, boolean valid, String category) {
    }

    /** The bytes of a file and what each of its lines is. */
    record Output(byte[] bytes, List<Line> lines) {

        long valid() {
            return lines.stream().filter(Line::valid).count();
        }

        List<Long> badLines() {
            return lines.stream().filter(l -> !l.valid()).map(Line::number).toList();
        }
    }

    private final Random random;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Line> lines = new ArrayList<>();
    private long number;

    BadInputGenerator(long seed) {
        this.random = new Random(seed);
    }

    private void emit(byte[] text, String ending, boolean valid, String category) {
        number++;
        out.writeBytes(text);
        out.writeBytes(ending.getBytes(StandardCharsets.UTF_8));
        lines.add(new Line(number, valid, category));
    }

    private void emit(String text, boolean valid, String category) {
        emit(text.getBytes(StandardCharsets.UTF_8), random.nextInt(5) == 0 ? "\r\n" : "\n", valid, category);
    }

    private void blank() {
        number++;
        out.writeBytes((random.nextBoolean() ? "" : "   \t").getBytes(StandardCharsets.UTF_8));
        out.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
    }

    /** Samples for {@code rewire score}: {@code count} good ones with broken ones spread among them. */
    static Output samples(long seed, int count) {
        BadInputGenerator g = new BadInputGenerator(seed);
        Function<Integer, String> good = i -> switch (i % 5) {
            case 0 -> "{\"id\":\"s" + i + "\",\"prompt_id\":\"p" + i / 4 + "\",\"domain\":\"math\",\"prompt\":\"2+2?\","
                    + "\"completion\":\"\\\\boxed{" + (i % 3 == 0 ? 5 : 4) + "}\",\"reference\":\"4\"}";
            case 1 -> "{\"id\":\"s" + i + "\",\"prompt\":[{\"role\":\"user\",\"content\":\"capital of France?\"}],"
                    + "\"completion\":[{\"role\":\"assistant\",\"content\":\"<answer>Paris</answer>\"}],"
                    + "\"domain\":\"qa\",\"reference\":\"Paris\",\"confidence\":0.8}";
            case 2 -> "{\"id\":\"s" + i + "\",\"prompt\":\"3+4?\",\"completion\":\"it is 7\",\"data_source\":\"gsm8k\","
                    + "\"reward_model\":{\"ground_truth\":7},\"extra_info\":{\"index\":" + i + "}}";
            case 3 -> "{\"id\":\"s" + i + "\",\"prompt_id\":\"c" + i / 4 + "\",\"domain\":\"chat\",\"prompt\":\"hi \\u00e9\\u0000\","
                    + "\"completion\":\"" + "word ".repeat(1 + i % 50) + "\\ud83d\\ude00\",\"rm_score\":" + (i % 7 - 3) + "}";
            default -> "{\"prompt\":\"no id here " + i + "\",\"completion\":\"fine\",\"domain\":\"math\",\"reference\":4}";
        };
        List<Function<Integer, String>> bad = List.of(
                i -> "{\"id\":\"b" + i + "\",\"prompt\":\"q\"",                                   // truncated
                i -> "{\"id\":\"b" + i + "\",\"prompt\":\"q\",\"completion\":\"c\",}",            // trailing comma
                i -> "[\"an\",\"array\"]",                                                        // not an object
                i -> "42",
                i -> "{\"id\":" + i + ",\"prompt\":\"q\",\"completion\":\"c\"}",                   // wrong type
                i -> "{\"id\":\"b" + i + "\",\"prompt\":7,\"completion\":\"c\"}",
                i -> "{\"id\":\"b" + i + "\",\"prompt\":\"q\",\"completion\":\"c\",\"confidence\":\"high\"}",
                i -> "{\"id\":\"b" + i + "\",\"prompt\":\"q\",\"completion\":\"c\",\"confidence\":1.5}",  // range
                i -> "{\"id\":\"b" + i + "\",\"prompt\":\"q\",\"completion\":\"c\",\"completion_tokens\":-3}",
                i -> "{\"id\":\"b" + i + "\",\"prompt\":\"q\",\"completion\":\"c\",\"answer_token_probs\":[[0.2,0.7]]}",
                i -> "{\"id\":\"b" + i + "\",\"prompt\":\"q\",\"completion\":\"c\",\"step\":2.5}",
                i -> "{\"id\":\"b" + i + "\",\"prompt\":\"q\",\"completion\":\"c\",\"judgments\":[{\"annotator\":\"x\"}]}",
                i -> "{\"id\":\"b" + i + "\",\"prompt\":\"q\",\"completion\":\"c\",\"x\":" + "[".repeat(1500)
                        + "]".repeat(1500) + "}",                                                 // nesting
                i -> "{\"id\":\"b\\ud800" + i + "\",\"prompt\":\"q\",\"completion\":\"c\"}",      // lone surrogate
                i -> "{\"id\":\"b" + i + "\",\"prompt\":\"q\",\"completion\":[{\"role\":\"assistant\"}]}",
                i -> "{\"id\":\"s" + (i - i % 5) + "\",\"prompt\":\"q\",\"completion\":\"an id used a few lines up\"}",
                i -> "{\"id\":\"b" + i + "\",\"prompt\":\"q\",\"completion\":\"c\",\"id\":\"b" + i + "-again\"}",  // duplicate key
                i -> "{\"id\":\"b" + i + "\",\"prompt\":\"q\",\"completion\":\"c\",\"extra_info\":{\"k\":1,\"k\":2}}",
                i -> "{\"id\":\"\",\"prompt\":\"q\",\"completion\":\"c\"}",                          // empty id
                i -> "{\"id\":\"   \",\"prompt\":\"q\",\"completion\":\"c\"}",
                i -> "{\"id\":\"b" + i + "\",\"prompt\":\"q\",\"completion\":\"c\",\"judgments\":[{\"annotator\":\"x\","
                        + "\"pick\":\"maybe\"}]}",                                                            // pick outside approve/reject/skip
                i -> "{\"id\":\"b" + i + "\",\"prompt\":\"q\",\"completion\":\"c\",\"judgments\":[{\"annotator\":\"\","
                        + "\"pick\":\"approve\"}]}",                                                          // empty annotator
                i -> "{\"id\":\"b" + i + "\",\"prompt\":\"q\u0001\",\"completion\":\"c\"}",  // a raw control character in a string
                i -> "{\"id\":\"b" + i + "\",\"prompt\":\"q\",\"completion\":\"c\",\"confidence\":NaN}",       // not JSON's
                i -> "{\"id\":\"b" + i + "\",\"prompt\":\"q\",\"completion\":\"c\"}{\"id\":\"x\"}");           // two objects
        // byte-level breakage: each replaces the last bytes of a good record (the line stays one line)
        List<byte[]> badBytes = List.of(
                new byte[] {(byte) 0xC3},                                  // a sequence cut short
                new byte[] {(byte) 0xC0, (byte) 0xAF},                     // an overlong encoding of '/'
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},        // a UTF-16 surrogate encoded as UTF-8
                new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});  // a 5-byte form
        g.emit(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, good.apply(0).getBytes(StandardCharsets.UTF_8)),
                "\n", true, "byte order mark");
        for (int i = 1; i < count; i++) {
            g.emit(good.apply(i), true, "valid");
            if (i == count / 2) {
                // a 1 MB completion is still a record
                g.emit("{\"id\":\"big\",\"prompt\":\"q\",\"completion\":\"" + "x".repeat(1 << 20) + "\",\"domain\":\"chat\"}",
                        true, "size");
            }
            if (g.random.nextInt(4) == 0) {
                int k = g.random.nextInt(bad.size());
                g.emit(bad.get(k).apply(i), false, "broken #" + k);
            }
            if (g.random.nextInt(15) == 0) {
                // bytes that are not UTF-8 in the middle of a string of an otherwise good record
                byte[] text = good.apply(i + 200_000).replace("\"s" + (i + 200_000), "\"w" + i).getBytes(StandardCharsets.UTF_8);
                byte[] broken = badBytes.get(g.random.nextInt(badBytes.size()));
                int at = indexOf(text, "\"prompt\":\"".getBytes(StandardCharsets.UTF_8)) + 10;
                g.emit(concat(concat(java.util.Arrays.copyOf(text, at), broken),
                        java.util.Arrays.copyOfRange(text, at, text.length)), "\n", false, "encoding #" + broken.length);
            }
            if (g.random.nextInt(15) == 0) {
                // a lone CR between tokens: whitespace to JSON, never a line end (later line numbers hold)
                g.emit(good.apply(i + 300_000).replace("\"s" + (i + 300_000), "\"cr" + i).replaceFirst(",", ",\r"),
                        true, "lone CR");
            }
            if (g.random.nextInt(10) == 0) {
                // one byte that is not UTF-8, inside an otherwise good record
                byte[] text = good.apply(i + 100_000).replace("\"s" + (i + 100_000), "\"u" + i)
                        .getBytes(StandardCharsets.UTF_8);
                byte[] broken = concat(text, new byte[0]);
                broken[broken.length - 3] = (byte) 0xFF;
                g.emit(broken, "\n", false, "encoding");
            }
            if (g.random.nextInt(12) == 0) {
                g.blank();
            }
        }
        return new Output(g.out.toByteArray(), List.copyOf(g.lines));
    }

    /** Preference pairs for {@code rewire pairs}: the given good lines with broken ones among them. */
    static Output pairs(long seed, List<String> goodLines) {
        BadInputGenerator g = new BadInputGenerator(seed);
        List<Function<String, String>> bad = List.of(
                p -> p.substring(0, p.length() / 2),                                                // truncated
                p -> p.replaceFirst("\"a\":\"[^\"]*\",", ""),                                       // missing a
                p -> p.replaceFirst("\"pick\":\"[ab]\"", "\"pick\":\"both\""),                      // bad value
                p -> p.replaceFirst("\"judgments\":\\[.*\\]", "\"judgments\":[]"),                 // no judgment
                p -> p.replaceFirst("\"prompt\":\"", "\"prompt\":7,\"x\":\""),                      // wrong type
                p -> p,                                                                             // duplicate id
                p -> p.replaceFirst("\"id\":\"[^\"]*\"", "\"id\":\"\""),                              // empty id
                p -> p.replaceFirst("\"annotator\":\"[^\"]*\"", "\"annotator\":\"\""),                // empty annotator
                p -> p.replaceFirst("\\{\"id\":", "{\"a\":\"x\",\"id\":"),                            // duplicate key a
                p -> p.replaceFirst("\"pick\":\"[ab]\"", "\"pick\":\"approve\""));                   // a sample's pick
        for (String line : goodLines) {
            g.emit(line, true, "valid");
            if (g.random.nextInt(3) == 0) {
                int k = g.random.nextInt(bad.size());
                g.emit(bad.get(k).apply(line), false, "broken #" + k);
            }
        }
        return new Output(g.out.toByteArray(), List.copyOf(g.lines));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
