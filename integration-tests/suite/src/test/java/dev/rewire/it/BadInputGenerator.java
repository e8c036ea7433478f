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

    /**
     * Classes of bad or edge input, each written on its own between good records by {@link #edge}:
     * encodings and bytes a file picks up on its way (another encoding, files joined, a crash),
     * numbers at JSON's and Java's edges, sizes and depths at the parser's limits, identifiers that
     * would garble a terminal, fields of the wrong type where they decide a group, trainers' own
     * request bodies, and the ends of a file. {@link EdgeCase} says what {@code rewire score} must do.
     */
    enum EdgeClass {
        /** The whole file in UTF-16LE with its byte order mark (saved by a Windows editor, PowerShell's {@code >}). */
        UTF16_FILE,
        /** A UTF-8 byte order mark at the start of a later line: files joined with {@code cat}. */
        BOM_ON_A_LATER_LINE,
        /** The file ends in NUL bytes and no newline: a preallocated file after a crash, a zero-filled tail. */
        NUL_FILLED_TAIL,
        /** {@code NaN}, {@code Infinity}, {@code -Infinity} as values: JavaScript's and Python's, not JSON's. */
        NON_FINITE_LITERALS,
        /** Numbers a double cannot hold ({@code 1e400}) and edges it can ({@code -0}, {@code 1e2}, {@code 4.9e-324}). */
        NUMBER_EDGES,
        /** A number of 1,200 digits (over the parser's limit of 1,000) and one of 900 (under it). */
        LONG_NUMBER,
        /** Objects nested 1,200 deep (over the limit of 1,000) and 900 deep (under it). */
        DEEP_NESTING,
        /** A completion of 20 M characters and a bit: over the parser's string limit, under the line limit. */
        HUGE_STRING,
        /** A rejected record whose id is 100,000 characters long. */
        HUGE_ID,
        /** A rejected record whose id holds an ANSI escape and a newline. */
        CONTROL_CHARACTERS_IN_AN_ID,
        /** A field that names the group ({@code uid}, {@code _ng_task_index}, {@code extra_info.index}) of a type that cannot. */
        WRONG_TYPE_IN_A_GROUP_FIELD,
        /** Trainers' request bodies given as samples (OpenRLHF, slime, NeMo Gym), beside the shapes that are samples (TRL, veRL). */
        TRAINER_REQUEST_SHAPES,
        /** An empty file: no bytes at all. */
        EMPTY_FILE,
        /** The last line cut in the middle of a record, with no newline after it: a copy or a download cut short. */
        TRUNCATED_LAST_LINE
    }

    /** A rejection {@code rewire score} must make: the line, the id it names (null: none readable), the exact reason. */
    record Reject(long line, String id, String error) {
    }

    /**
     * One class of input and what {@code rewire score} must do with it.
     *
     * @param scored      the ids of the records that must come out, scored
     * @param rejects     the rejections, in line order, exactly
     * @param status      the exit status
     * @param stderrHas   fragments stderr must hold
     */
    record EdgeCase(EdgeClass edgeClass, byte[] bytes, java.util.Set<String> scored, List<Reject> rejects, int status,
                    List<String> stderrHas) {
    }

    /** The reason a line that is a trainer's request body gets; the hint names where it is answered. */
    static final String SLIME_HINT = "missing required field 'completion' (this is a slime request ('prompt', 'response', "
            + "'label'): rewire serve answers it at POST /reward; a sample names its response 'completion')";
    static final String OPENRLHF_HINT = "missing required field 'prompt' (this is an OpenRLHF request ('query', 'prompts', "
            + "'labels'): rewire serve answers it at POST /get_reward)";
    static final String NEMO_GYM_HINT = "missing required field 'prompt' (this is a NeMo Gym /verify request: rewire serve "
            + "answers it at POST /verify)";
    private static final String NON_FINITE = " (JSON has no NaN or Infinity: write null, or leave the field out)";
    private static final String BEYOND_DOUBLE = " is a number beyond the range of a double (over 1.8e308 in size)";
    private static final String GROUP_TYPE = " must be a string or a whole number (it names the sample's group), got ";

    /** Writes the file of one edge class: good records before and after, and what must become of each line. */
    static EdgeCase edge(EdgeClass c) {
        EdgeWriter w = new EdgeWriter(c);
        switch (c) {
            case UTF16_FILE -> {
                String text = w.goodText() + "\n" + w.goodText() + "\n";
                w.raw(concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE)));
                return w.done(1, List.of("in.jsonl is UTF-16LE text (it starts with the byte order mark FF FE); "
                        + "rewire reads UTF-8: convert it first (iconv -f UTF-16 -t UTF-8)"));
            }
            case BOM_ON_A_LATER_LINE -> {
                w.good();
                w.line(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, w.goodText().getBytes(StandardCharsets.UTF_8)));
                w.scoredLast();
                w.good();
                w.line(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, w.goodText().getBytes(StandardCharsets.UTF_8)));
                w.scoredLast();
                return w.done(0, List.of("records in 4, out 4, rejected 0"));
            }
            case NUL_FILLED_TAIL -> {
                w.good();
                w.good();
                w.raw(new byte[4096]);
                w.rejectLast(null, "the line is 4096 NUL bytes (zero-filled, as a crash leaves a file cut short)");
                return w.done(3, List.of("records in 3, out 2, rejected 1"));
            }
            case NON_FINITE_LITERALS -> {
                w.good();
                w.bad("{\"id\":\"nan\",\"prompt\":\"q\",\"completion\":\"c\",\"confidence\":NaN}",
                        null, "malformed JSON: Non-standard token 'NaN'" + NON_FINITE);
                w.bad("{\"id\":\"inf\",\"prompt\":\"q\",\"completion\":\"c\",\"rm_score\":Infinity}",
                        null, "malformed JSON: Non-standard token 'Infinity'" + NON_FINITE);
                w.bad("{\"id\":\"neg-inf\",\"prompt\":\"q\",\"completion\":\"c\",\"rm_score\":-Infinity}",
                        null, "malformed JSON: Non-standard token '-Infinity'" + NON_FINITE);
                w.good();
                return w.done(3, List.of());
            }
            case NUMBER_EDGES -> {
                w.good();
                w.bad("{\"id\":\"big-rm\",\"prompt\":\"q\",\"completion\":\"c\",\"rm_score\":1e400}",
                        "big-rm", "field 'rm_score'" + BEYOND_DOUBLE);
                w.bad("{\"id\":\"big-ref\",\"prompt\":\"q\",\"completion\":\"\\\\boxed{4}\",\"domain\":\"math\",\"reference\":-1e400}",
                        "big-ref", "field 'reference'" + BEYOND_DOUBLE);
                w.bad("{\"id\":\"big-gt\",\"prompt\":\"q\",\"completion\":\"c\",\"reward_model\":{\"ground_truth\":1E999}}",
                        "big-gt", "field 'reward_model.ground_truth'" + BEYOND_DOUBLE);
                w.valid("{\"id\":\"neg-zero\",\"prompt\":\"q\",\"completion\":\"c\",\"step\":-0,\"completion_tokens\":-0,"
                        + "\"rm_score\":-0.0}", "neg-zero");
                w.valid("{\"id\":\"exp\",\"prompt\":\"q\",\"completion\":\"c\",\"completion_tokens\":1e2,\"confidence\":4.9e-324}",
                        "exp");
                return w.done(3, List.of());
            }
            case LONG_NUMBER -> {
                w.good();
                w.bad("{\"id\":\"long\",\"prompt\":\"q\",\"completion\":\"c\",\"rm_score\":" + "9".repeat(1200) + "}",
                        null, "JSON over a limit: a number longer than 1000 characters");
                w.valid("{\"id\":\"long-ok\",\"prompt\":\"q\",\"completion\":\"c\",\"serial\":" + "7".repeat(900) + "}", "long-ok");
                return w.done(3, List.of());
            }
            case DEEP_NESTING -> {
                w.good();
                w.bad("{\"id\":\"deep\",\"prompt\":\"q\",\"completion\":\"c\",\"extra\":" + "{\"a\":".repeat(1200) + "1"
                        + "}".repeat(1200) + "}", null, "JSON over a limit: nested deeper than 1000 levels");
                w.valid("{\"id\":\"deep-ok\",\"prompt\":\"q\",\"completion\":\"c\",\"extra\":" + "[".repeat(900) + "1"
                        + "]".repeat(900) + "}", "deep-ok");
                return w.done(3, List.of());
            }
            case HUGE_STRING -> {
                w.good();
                w.bad("{\"id\":\"huge\",\"prompt\":\"q\",\"completion\":\"" + "x".repeat(20_000_010) + "\"}",
                        null, "JSON over a limit: a string longer than 20000000 characters");
                w.good();
                return w.done(3, List.of());
            }
            case HUGE_ID -> {
                String id = "H".repeat(100_000);
                w.good();
                w.bad("{\"id\":\"" + id + "\",\"prompt\":7,\"completion\":\"c\"}", id,
                        "field 'prompt' must be a string or a list of chat messages, got number 7");
                return w.done(3, List.of("rejected line 2 (id " + "H".repeat(60) + "... (100000 characters)): field 'prompt'"));
            }
            case CONTROL_CHARACTERS_IN_AN_ID -> {
                w.good();
                w.bad("{\"id\":\"x\\u001b[31mRED\\nrejected line 1: forged\",\"prompt\":7,\"completion\":\"c\"}",
                        "x\u001b[31mRED\nrejected line 1: forged",
                        "field 'prompt' must be a string or a list of chat messages, got number 7");
                return w.done(3, List.of("rejected line 2 (id x\\u001b[31mRED\\nrejected line 1: forged): field 'prompt'"));
            }
            case WRONG_TYPE_IN_A_GROUP_FIELD -> {
                w.good();
                w.bad("{\"id\":\"uid\",\"prompt\":\"q\",\"completion\":\"c\",\"uid\":{\"a\":1}}", "uid",
                        "field 'uid'" + GROUP_TYPE + "object {\"a\":1}");
                w.bad("{\"id\":\"task\",\"prompt\":\"q\",\"completion\":\"c\",\"_ng_task_index\":1.5}", "task",
                        "field '_ng_task_index'" + GROUP_TYPE + "number 1.5");
                w.bad("{\"id\":\"row\",\"prompt\":\"q\",\"completion\":\"c\",\"extra_info\":{\"index\":[3]}}", "row",
                        "field 'extra_info.index'" + GROUP_TYPE + "array [3]");
                w.bad("{\"id\":\"t\",\"prompt\":\"q\",\"completion\":\"c\",\"judgments\":[{\"annotator\":\"a\",\"pick\":\"approve\","
                        + "\"time_ms\":\"5\"}]}", "t", "field 'judgments[0].time_ms' must be a number, got string \"5\"");
                w.valid("{\"id\":\"uid-ok\",\"prompt\":\"q\",\"completion\":\"c\",\"uid\":12,\"extra_info\":{\"index\":\"7\"}}",
                        "uid-ok");
                return w.done(3, List.of());
            }
            case TRAINER_REQUEST_SHAPES -> {
                w.good();
                w.bad("{\"prompt\":\"2+2?\",\"response\":\"4\",\"label\":\"4\"}", "line-2", SLIME_HINT);
                w.bad("{\"query\":[\"2+2? 4\"],\"prompts\":[\"2+2? \"],\"labels\":[\"4\"]}", "line-3", OPENRLHF_HINT);
                w.bad("{\"responses_create_params\":{\"input\":[{\"role\":\"user\",\"content\":\"2+2?\"}]},"
                        + "\"response\":{\"output\":[]}}", "line-4", NEMO_GYM_HINT);
                w.valid("{\"prompt\":[{\"role\":\"user\",\"content\":\"2+2?\"}],\"completion\":[{\"role\":\"assistant\","
                        + "\"content\":\"4\"}]}", "line-5");
                w.valid("{\"prompt\":\"2+2?\",\"completion\":\"4\",\"data_source\":\"gsm8k\",\"reward_model\":{\"ground_truth\":4},"
                        + "\"extra_info\":{\"index\":3}}", "line-6");
                return w.done(3, List.of());
            }
            case EMPTY_FILE -> {
                return w.done(0, List.of("records in 0, out 0, rejected 0"));
            }
            case TRUNCATED_LAST_LINE -> {
                w.good();
                w.good();
                String whole = w.goodText();
                w.raw(whole.substring(0, whole.length() / 2).getBytes(StandardCharsets.UTF_8));
                w.rejectLast(null, "malformed JSON: Unexpected end-of-input: was expecting closing quote for a string value "
                        + "(the input's last line has no newline: was the file cut short?)");
                return w.done(3, List.of("records in 3, out 2, rejected 1"));
            }
            default -> throw new IllegalArgumentException(c.toString());
        }
    }

    /** Writes one edge class's file line by line and keeps its oracle. */
    private static final class EdgeWriter {
        private final EdgeClass edgeClass;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final java.util.Set<String> scored = new java.util.LinkedHashSet<>();
        private final List<Reject> rejects = new ArrayList<>();
        private long number;
        private int goods;
        private String lastId;

        EdgeWriter(EdgeClass edgeClass) {
            this.edgeClass = edgeClass;
        }

        /** The text of the next good record (its id counts up). */
        String goodText() {
            lastId = edgeClass.name().toLowerCase(java.util.Locale.ROOT) + "-" + ++goods;
            return "{\"id\":\"" + lastId + "\",\"prompt_id\":\"p\",\"domain\":\"math\",\"prompt\":\"2+2?\","
                    + "\"completion\":\"\\\\boxed{4}\",\"reference\":\"4\"}";
        }

        void good() {
            line(goodText().getBytes(StandardCharsets.UTF_8));
            scoredLast();
        }

        void scoredLast() {
            scored.add(lastId);
        }

        void valid(String text, String id) {
            line(text.getBytes(StandardCharsets.UTF_8));
            scored.add(id);
        }

        void bad(String text, String id, String error) {
            line(text.getBytes(StandardCharsets.UTF_8));
            rejectLast(id, error);
        }

        void rejectLast(String id, String error) {
            rejects.add(new Reject(number, id, error));
        }

        /** A line and its newline. */
        void line(byte[] bytes) {
            number++;
            out.writeBytes(bytes);
            out.write('\n');
        }

        /** Bytes with no newline after them: the end of the file. */
        void raw(byte[] bytes) {
            number++;
            out.writeBytes(bytes);
        }

        EdgeCase done(int status, List<String> stderrHas) {
            return new EdgeCase(edgeClass, out.toByteArray(), java.util.Set.copyOf(scored), List.copyOf(rejects), status,
                    stderrHas);
        }
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
