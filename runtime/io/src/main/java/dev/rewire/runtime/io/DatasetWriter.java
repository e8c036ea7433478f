package dev.rewire.runtime.io;

import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.record.WeightedPair;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes the weighted dataset in the columns a trainer reads.
 *
 * <p>TRL's RewardTrainer and DPOTrainer read {@code prompt}, {@code chosen}, {@code rejected}
 * (and the RewardTrainer {@code margin}, subtracted inside its loss: -log sigmoid(r_chosen -
 * r_rejected - margin), an emphasis, not a weight). Neither reads a per-pair weight: every row
 * trains at full strength. So for the TRL formats the weight acts on the rows, here:
 * <ul>
 *   <li>pairs of weight 0 are dropped (a label the policy gave no worth would otherwise train as
 *       much as any), unless kept on purpose; {@code minWeight} drops more;</li>
 *   <li>{@link Sampling#THIN}: each remaining pair is kept with probability equal to its weight;</li>
 *   <li>{@link Sampling#RESAMPLE}: as many rows as there are remaining pairs, drawn with
 *       replacement in proportion to the weights, so each pair's expected count in the loss is its
 *       weight over the mean weight: in expectation the weighted loss, at the dataset's size.</li>
 * </ul>
 * Prompt and response: TRL joins a standard-format {@code prompt} and {@code chosen} as they are,
 * with nothing between; {@link Template#CHAT} writes the conversational format instead (the
 * prompt a user message, each response an assistant message), to which TRL applies the
 * tokenizer's chat template, and {@link Template#PLAIN} ends the prompt with a separator.
 * Not thread safe.
 */
public final class DatasetWriter {

    /** The columns written. */
    public enum Format {
        /** Every field of {@link WeightedPair}: weights, posteriors, verdicts, reasons, provenance. */
        REWIRE,
        /** {@code prompt}, {@code chosen}, {@code rejected}, {@code margin}: TRL's RewardTrainer. */
        TRL_REWARD,
        /** {@code prompt}, {@code chosen}, {@code rejected}: TRL's DPOTrainer (and ORPO, CPO, ...). */
        TRL_DPO;

        /** The name {@code --format} takes: rewire, trl-reward, trl-dpo. */
        public String optionName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static Format ofOption(String name) {
            for (Format f : values()) {
                if (f.optionName().equals(name)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("--format must be rewire, trl-reward or trl-dpo, got " + name);
        }
    }

    /** How prompt and responses are laid out for TRL. */
    public enum Template {
        /** Conversational: lists of {@code {"role", "content"}} messages; TRL applies the chat template. */
        CHAT,
        /** Standard: strings, the prompt ending with the separator. */
        PLAIN;

        /** The template {@code --template} names: chat or plain. */
        public static Template ofOption(String name) {
            return switch (name) {
                case "chat" -> CHAT;
                case "plain" -> PLAIN;
                default -> throw new IllegalArgumentException("--template must be chat or plain, got " + name);
            };
        }
    }

    /** How the weights act on the rows, beyond dropping. */
    public enum Sampling {
        NONE, THIN, RESAMPLE
    }

    public Format format() {
        return format;
    }

    public double minWeight() {
        return minWeight;
    }

    /** What was written and what was left out. */
    public record Summary(long written, long droppedUnweighted, long droppedBelowMin, long droppedBySampling) {
    }

    private final Format format;
    private final double minWeight;
    private final boolean keepUnweighted;
    private final Sampling sampling;
    private final Random random;
    private final Template template;
    private final String separator;

    /**
     * @param format         the columns
     * @param minWeight      pairs with a lower weight are left out
     * @param keepUnweighted for the TRL formats, keep pairs of weight 0 (they are dropped otherwise)
     * @param sampling       how weights act on the rows that remain
     * @param random         the draws of the sampling; null with {@link Sampling#NONE}
     * @param template       the TRL formats' layout
     * @param separator      what ends the prompt with {@link Template#PLAIN}
     */
    public DatasetWriter(Format format, double minWeight, boolean keepUnweighted, Sampling sampling, Random random,
                         Template template, String separator) {
        if (!(minWeight >= 0 && minWeight <= 1)) {
            throw new IllegalArgumentException("--min-weight must be in [0, 1], got " + minWeight);
        }
        if ((sampling != Sampling.NONE) != (random != null)) {
            throw new IllegalArgumentException("sampling needs its random draws, and only sampling does");
        }
        this.format = format;
        this.minWeight = minWeight;
        this.keepUnweighted = keepUnweighted || format == Format.REWIRE;
        this.sampling = sampling;
        this.random = random;
        this.template = template;
        this.separator = separator;
    }

    /** Writes the pairs that pass, one JSON object a line; {@code out} is left open. */
    public Summary write(List<WeightedPair> pairs, Writer out) throws IOException {
        return write(pairs, new JsonlRowSink(out));
    }

    /** Writes the pairs that pass as rows (JSON lines, or Parquet rows of {@link #parquetSchema}); {@code out} is left open. */
    public Summary write(List<WeightedPair> pairs, RowSink out) throws IOException {
        long unweighted = 0;
        long belowMin = 0;
        List<WeightedPair> kept = new ArrayList<>();
        for (WeightedPair p : pairs) {
            if (!keepUnweighted && p.weight() <= 0) {
                unweighted++;
            } else if (p.weight() < minWeight) {
                belowMin++;
            } else {
                kept.add(p);
            }
        }
        List<WeightedPair> rows = switch (sampling) {
            case NONE -> kept;
            case THIN -> kept.stream().filter(p -> random.nextDouble() < p.weight()).toList();
            case RESAMPLE -> resample(kept);
        };
        for (WeightedPair p : rows) {
            out.write(columns(p));
        }
        long sampledOut = sampling == Sampling.THIN ? kept.size() - rows.size() : 0;
        return new Summary(rows.size(), unweighted, belowMin, sampledOut);
    }

    /** kept.size() draws with replacement, each pair in proportion to its weight. */
    private List<WeightedPair> resample(List<WeightedPair> kept) {
        double[] cumulative = new double[kept.size()];
        double total = 0;
        for (int i = 0; i < kept.size(); i++) {
            total += Math.max(0, kept.get(i).weight());
            cumulative[i] = total;
        }
        List<WeightedPair> rows = new ArrayList<>(kept.size());
        if (total <= 0) {
            return rows;
        }
        for (int n = 0; n < kept.size(); n++) {
            double u = random.nextDouble() * total;
            int i = java.util.Arrays.binarySearch(cumulative, u);
            i = i >= 0 ? i + 1 : -i - 1;
            rows.add(kept.get(Math.min(i, kept.size() - 1)));
        }
        return rows;
    }

    /**
     * The columns as a Parquet schema: for the TRL formats, strings or (chat) lists of
     * {@code {role, content}} structs, as the datasets library loads conversational data; for
     * rewire, the pair's scalar fields typed and its {@code signals} and {@code provenance} as JSON
     * text (JSON-annotated, so that they read back as the objects they are).
     */
    public MessageType parquetSchema() {
        if (format == Format.REWIRE) {
            return REWIRE_SCHEMA;
        }
        String column = template == Template.CHAT ? MESSAGES : "required binary %s (STRING);";
        StringBuilder columns = new StringBuilder();
        for (String name : List.of("prompt", "chosen", "rejected")) {
            columns.append(column.formatted(name)).append('\n');
        }
        if (format == Format.TRL_REWARD) {
            columns.append("required double margin;\n");
        }
        return MessageTypeParser.parseMessageType("message pair {\n" + columns + "}");
    }

    /** A conversation: TRL's conversational format, as the datasets library types it. */
    private static final String MESSAGES = """
            required group %s (LIST) {
              repeated group list {
                required group element { required binary role (STRING); required binary content (STRING); }
              }
            }""";

    private static final MessageType REWIRE_SCHEMA = MessageTypeParser.parseMessageType("""
            message weighted_pair {
              optional binary id (STRING);
              optional binary prompt_id (STRING);
              optional binary prompt (STRING);
              optional binary chosen (STRING);
              optional binary rejected (STRING);
              required double weight;
              required double p_chosen;
              required double margin;
              optional binary verdict (STRING);
              optional binary signals (JSON);
              optional binary provenance (JSON);
            }
            """);

    private Object columns(WeightedPair p) {
        if (format == Format.REWIRE) {
            return p;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        if (template == Template.CHAT) {
            row.put("prompt", List.of(message("user", p.prompt())));
            row.put("chosen", List.of(message("assistant", p.chosen())));
            row.put("rejected", List.of(message("assistant", p.rejected())));
        } else {
            row.put("prompt", p.prompt() + separator);
            row.put("chosen", p.chosen());
            row.put("rejected", p.rejected());
        }
        if (format == Format.TRL_REWARD) {
            row.put("margin", p.margin());
        }
        return row;
    }

    private static Map<String, String> message(String role, String content) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }
}
