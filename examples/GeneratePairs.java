import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Writes planted preference data: pairs.jsonl (every pair among 4 responses to each prompt,
 * judged by 4 annotators, 6 rounds each: framing alternating neutral/concise, shown order at
 * random) and pairs-truth.jsonl (the planted type of every annotator-pair signal).
 *
 * <ul>
 *   <li>genuine annotators: the better response every time, 0.2% slips; 2.5 to 12 s a judgment;</li>
 *   <li>non-attitude annotators: a coin flip each round on 60% of their pairs, genuine on the rest;</li>
 *   <li>constructed annotators: the better response under the neutral framing, the shorter under
 *       the concise one (constructed where the two differ, genuine where they agree);</li>
 *   <li>speeders: 0.3 to 1.5 s a judgment, two always pick the response shown first, one at random.</li>
 * </ul>
 * Deterministic: a fixed seed. Run from the repository root:
 * {@code java examples/GeneratePairs.java [PROMPTS] [OUT_DIR]}.
 */
public final class GeneratePairs {

    private static final long SEED = 4242L;
    private static final int ROUNDS = 6;
    private static final int RESPONSES = 4;
    private static final int ANNOTATORS_PER_PAIR = 4;

    private final Random random = new Random(SEED);
    private final List<String> pairs = new ArrayList<>();
    private final List<String> truth = new ArrayList<>();
    private int judgments;

    public static void main(String[] args) throws IOException {
        int prompts = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        Path dir = Path.of(args.length > 1 ? args[1] : "examples");
        GeneratePairs g = new GeneratePairs();
        List<String> annotators = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            annotators.add("genuine-" + i);
        }
        for (int i = 0; i < 6; i++) {
            annotators.add("nonattitude-" + i);
        }
        for (int i = 0; i < 4; i++) {
            annotators.add("constructed-" + i);
        }
        for (int i = 0; i < 3; i++) {
            annotators.add("speeder-" + i);
        }
        for (int p = 0; p < prompts; p++) {
            g.prompt(p, annotators);
        }
        write(dir.resolve("pairs.jsonl"), g.pairs);
        write(dir.resolve("pairs-truth.jsonl"), g.truth);
        System.err.println("wrote " + g.pairs.size() + " pairs, " + g.truth.size() + " signals, " + g.judgments
                + " judgments to " + dir);
    }

    private void prompt(int p, List<String> annotators) {
        String[] text = new String[RESPONSES];
        double[] quality = new double[RESPONSES];
        for (int r = 0; r < RESPONSES; r++) {
            int words = 5 + random.nextInt(60);
            StringBuilder sb = new StringBuilder("Response " + (char) ('A' + r) + " to prompt " + p + ":");
            for (int w = 0; w < words; w++) {
                sb.append(" word").append(random.nextInt(100));
            }
            text[r] = sb.toString();
            quality[r] = random.nextDouble();
        }
        int pairNo = 0;
        for (int i = 0; i < RESPONSES; i++) {
            for (int j = i + 1; j < RESPONSES; j++) {
                String id = "pair-" + p + "-" + pairNo++;
                String better = quality[i] >= quality[j] ? "a" : "b";
                String shorter = text[i].length() <= text[j].length() ? "a" : "b";
                List<String> raters = new ArrayList<>(annotators);
                Collections.shuffle(raters, random);
                StringBuilder js = new StringBuilder();
                for (String annotator : raters.subList(0, ANNOTATORS_PER_PAIR)) {
                    String type = plantedType(annotator, better, shorter);
                    truth.add("{\"signal\":\"" + id + "#" + annotator + "\",\"type\":\"" + type + "\"}");
                    for (int round = 1; round <= ROUNDS; round++) {
                        judgment(js, annotator, type, round, better, shorter);
                    }
                }
                pairs.add("{\"id\":\"" + id + "\",\"prompt_id\":\"prompt-" + p + "\",\"domain\":\"chat\",\"prompt\":\"Prompt "
                        + p + "\",\"a\":\"" + text[i] + "\",\"b\":\"" + text[j] + "\",\"judgments\":[" + js + "]}");
            }
        }
    }

    /** What this annotator's judgments of this pair will be; drawn once per signal. */
    private String plantedType(String annotator, String better, String shorter) {
        if (annotator.startsWith("speeder")) {
            return "ARTIFACT";
        }
        if (annotator.startsWith("nonattitude")) {
            return random.nextDouble() < 0.6 ? "NON_ATTITUDE" : "GENUINE";
        }
        if (annotator.startsWith("constructed")) {
            return better.equals(shorter) ? "GENUINE" : "CONSTRUCTED";
        }
        return "GENUINE";
    }

    private void judgment(StringBuilder js, String annotator, String type, int round, String better, String shorter) {
        String framing = round % 2 == 1 ? "neutral" : "concise";
        String order = random.nextBoolean() ? "ab" : "ba";
        String pick;
        long time;
        if (annotator.startsWith("speeder")) {
            pick = annotator.equals("speeder-2") ? (random.nextBoolean() ? "a" : "b") : order.substring(0, 1);
            time = 300 + random.nextInt(1200);
        } else {
            time = 2500 + random.nextInt(9500);
            if (type.equals("NON_ATTITUDE")) {
                pick = random.nextBoolean() ? "a" : "b";
            } else if (annotator.startsWith("constructed") && framing.equals("concise")) {
                pick = shorter;
            } else {
                pick = random.nextDouble() < 0.998 ? better : other(better);
            }
        }
        if (js.length() > 0) {
            js.append(',');
        }
        js.append("{\"annotator\":\"").append(annotator).append("\",\"pick\":\"").append(pick).append("\",\"round\":")
                .append(round).append(",\"shown_order\":\"").append(order).append("\",\"framing\":\"").append(framing)
                .append("\",\"time_ms\":").append(time).append('}');
        judgments++;
    }

    private static String other(String side) {
        return side.equals("a") ? "b" : "a";
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            for (String line : lines) {
                w.print(line);
                w.print('\n');
            }
        }
    }
}
