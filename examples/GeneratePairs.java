import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes planted preference data from a family of elicitation designs: pairs.jsonl and
 * pairs-truth.jsonl ({"pair", "annotator", "type", "design"}: the planted type of every signal).
 *
 * <p>A design is a list of {@code key=value} settings (defaults in brackets):
 * <ul>
 *   <li>{@code rounds} [6]: times each annotator judges each of their pairs (1 to 6), the shown
 *       order drawn at random the first time and swapped on every repeat;</li>
 *   <li>{@code raters} [4]: annotators per pair (1 to 5);</li>
 *   <li>{@code items} [40]: pairs per annotator (10 to 200); pairs come 6 to a prompt (every pair
 *       among 4 responses), spread so that everyone judges as many;</li>
 *   <li>{@code noise} [0.002]: how often a genuine preference slips (0 to 0.15);</li>
 *   <li>{@code genuine} [12], {@code nonattitude} [6], {@code constructed} [4], {@code speeders} [3]:
 *       annotators of each kind;</li>
 *   <li>{@code na_share} [0.6]: share of a non-attitude annotator's pairs on which they hold no
 *       opinion and flip a coin each time (1: all; genuine on the rest);</li>
 *   <li>{@code framing} [length]: what the non-neutral framing acts on for constructed annotators:
 *       {@code length} (framing "concise": the shorter response), {@code position} (framing
 *       "first-impression": the response shown first), or {@code none} (one framing only);
 *       by round neutral, framed, framed, neutral, neutral, framed (so each framing meets both
 *       shown orders), drawn per pair with one round;</li>
 *   <li>{@code neutral} [1]: 1: the other framing is "neutral" and pushes nothing; 0: there is no
 *       neutral framing and both push, the opposite ways: "detailed" to the longer response (with
 *       "concise"), or "second-look" to the response shown second (with "first-impression");</li>
 *   <li>{@code habit} [2]: how many speeders always pick the first-shown response (the rest pick at
 *       random); speeders take 0.3 to 1.5 s a judgment, everyone else 2.5 to 12 s;</li>
 *   <li>{@code ties} [0]: share of a non-attitude's opinionless judgments answered {@code tie}
 *       (a genuine preference ties a tenth as often; a tie is still a non-attitude's);</li>
 *   <li>{@code shuffled} [0]: 1: each annotator sees their pairs in a random order, round by round
 *       (all first rounds, then all second rounds, ...), and every judgment carries its
 *       {@code timestamp} (ms); the file stays in pair order, so the order seen differs from it.</li>
 * </ul>
 * A constructed annotator's signal is CONSTRUCTED where its pick depends on the framing: where
 * the framing moved (or would have moved) a framed pick off the better response, and with no
 * neutral framing wherever the framings have something to act on (the responses differ in
 * length, for length); GENUINE where it could not. Several designs in one file
 * make a mixed dataset: each gets its own annotators and pairs, named after the design.
 *
 * <p>Run from the repository root: {@code java examples/GeneratePairs.java [--out DIR] [--seed N |
 * --seeds N,M,...] [--split] [NAME:key=value,key=value ...]...}. {@code --split} writes each design
 * to a folder of its own ({@code DIR/NAME/}); several seeds go to {@code DIR/seed-N/}. Without a design, the example: 240 pairs of 40 prompts,
 * 4 annotators a pair, 6 rounds. Deterministic for a seed (default 4242). Named designs draw from
 * SplittableRandom; the example from java.util.Random (see the constructor).
 */
public final class GeneratePairs {

    private static final int RESPONSES = 4;

    /** One design's settings. */
    record Design(String name, int rounds, int raters, int items, double noise, int genuine, int nonattitude,
                  int constructed, int speeders, double naShare, String framing, int habit, boolean neutral,
                  double ties, boolean shuffled) {

        static Design parse(String spec) {
            String name = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : "example";
            Map<String, String> kv = new LinkedHashMap<>();
            String settings = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : spec;
            for (String s : settings.split(",")) {
                if (!s.isBlank()) {
                    String[] p = s.split("=", 2);
                    if (p.length != 2) {
                        throw new IllegalArgumentException("design " + name + ": expected key=value, got " + s);
                    }
                    kv.put(p[0].trim(), p[1].trim());
                }
            }
            Design d = new Design(name, integer(kv, "rounds", 6), integer(kv, "raters", 4), integer(kv, "items", 40),
                    number(kv, "noise", 0.002), integer(kv, "genuine", 12), integer(kv, "nonattitude", 6),
                    integer(kv, "constructed", 4), integer(kv, "speeders", 3), number(kv, "na_share", 0.6),
                    kv.getOrDefault("framing", "length"), integer(kv, "habit", 2), integer(kv, "neutral", 1) == 1,
                    number(kv, "ties", 0), integer(kv, "shuffled", 0) == 1);
            kv.keySet().removeAll(List.of("rounds", "raters", "items", "noise", "genuine", "nonattitude", "constructed",
                    "speeders", "na_share", "framing", "habit", "neutral", "ties", "shuffled"));
            if (!kv.isEmpty()) {
                throw new IllegalArgumentException("design " + name + ": unknown settings " + kv.keySet());
            }
            if (!List.of("length", "position", "none").contains(d.framing)) {
                throw new IllegalArgumentException("design " + name + ": framing must be length, position or none");
            }
            if (d.raters < 1 || d.raters > d.annotators() || d.rounds < 1 || d.items < 1 || d.habit > d.speeders) {
                throw new IllegalArgumentException("design " + name + ": impossible settings " + spec);
            }
            return d;
        }

        int annotators() {
            return genuine + nonattitude + constructed + speeders;
        }

        String framed() {
            return framing.equals("length") ? "concise" : "first-impression";
        }

        /** The other framing: "neutral", or the one pushing the opposite way. */
        String unframed() {
            return neutral ? "neutral" : framing.equals("length") ? "detailed" : "second-look";
        }

        private static int integer(Map<String, String> kv, String key, int fallback) {
            return kv.containsKey(key) ? Integer.parseInt(kv.get(key)) : fallback;
        }

        private static double number(Map<String, String> kv, String key, double fallback) {
            return kv.containsKey(key) ? Double.parseDouble(kv.get(key)) : fallback;
        }
    }

    /** An annotator and how they behave. */
    record Annotator(String name, String kind, boolean habit) {
    }

    private final Random random;
    private final List<String> pairs = new ArrayList<>();
    /** Per annotator of a shuffled design, {pair, round, time_ms} of each judgment, until seenOrder. */
    private final Map<String, List<String[]>> seen = new LinkedHashMap<>();
    private final List<String> truth = new ArrayList<>();
    private int judgments;

    /**
     * @param splittable draw from SplittableRandom instead of java.util.Random's LCG, whose draws
     *                   at the fixed strides a design makes are correlated (coin flips lined up
     *                   with the shown order and the better response far more often than chance:
     *                   at 8 items, 4 of 20 coin-flippers looked constructed); the example keeps
     *                   java.util.Random so its files stay as they are
     */
    GeneratePairs(long seed, boolean splittable) {
        random = !splittable ? new Random(seed) : new Random(seed) {
            private final java.util.SplittableRandom draws = new java.util.SplittableRandom(seed);

            @Override
            protected int next(int bits) {
                return draws.nextInt() >>> (32 - bits);
            }
        };
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of("examples");
        List<Long> seeds = new ArrayList<>(List.of(4242L));
        boolean split = false;
        List<Design> designs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> dir = Path.of(args[++i]);
                case "--seed" -> seeds = new ArrayList<>(List.of(Long.parseLong(args[++i])));
                case "--seeds" -> {
                    seeds = new ArrayList<>();
                    for (String s : args[++i].split(",")) {
                        seeds.add(Long.parseLong(s.trim()));
                    }
                }
                case "--split" -> split = true;
                default -> designs.add(Design.parse(args[i]));
            }
        }
        boolean example = designs.isEmpty();
        if (example) {
            designs.add(Design.parse("example:items=40"));
        }
        for (long seed : seeds) {
            Path seedDir = seeds.size() > 1 ? dir.resolve("seed-" + seed) : dir;
            if (split) {
                // each design in a file of its own, drawn from its own generator
                for (Design d : designs) {
                    GeneratePairs g = new GeneratePairs(seed, !example);
                    g.design(d, false);
                    g.write(seedDir.resolve(d.name()));
                }
            } else {
                GeneratePairs g = new GeneratePairs(seed, !example);
                for (Design d : designs) {
                    g.design(d, designs.size() > 1);
                }
                g.write(seedDir);
            }
        }
    }

    private void write(Path dir) throws IOException {
        write(dir.resolve("pairs.jsonl"), pairs);
        write(dir.resolve("pairs-truth.jsonl"), truth);
        System.err.println("wrote " + pairs.size() + " pairs, " + truth.size() + " signals, " + judgments
                + " judgments to " + dir);
    }

    private void design(Design d, boolean prefixed) {
        String prefix = prefixed ? d.name() + "/" : "";
        List<Annotator> annotators = new ArrayList<>();
        for (int i = 0; i < d.genuine(); i++) {
            annotators.add(new Annotator(prefix + "genuine-" + i, "genuine", false));
        }
        for (int i = 0; i < d.nonattitude(); i++) {
            annotators.add(new Annotator(prefix + "nonattitude-" + i, "nonattitude", false));
        }
        for (int i = 0; i < d.constructed(); i++) {
            annotators.add(new Annotator(prefix + "constructed-" + i, "constructed", false));
        }
        for (int i = 0; i < d.speeders(); i++) {
            annotators.add(new Annotator(prefix + "speeder-" + i, "speeder", i < d.habit()));
        }
        int pairsNeeded = (int) Math.ceil((double) d.items() * annotators.size() / d.raters());
        Map<Annotator, Integer> load = new LinkedHashMap<>();
        annotators.forEach(a -> load.put(a, 0));
        int prompts = (pairsNeeded + 5) / 6;
        int firstLine = pairs.size();
        for (int p = 0; p < prompts; p++) {
            prompt(d, prefix, p, load, pairsNeeded);
        }
        if (d.shuffled()) {
            seenOrder(firstLine);
        }
    }

    private void prompt(Design d, String prefix, int p, Map<Annotator, Integer> load, int pairsNeeded) {
        String[] text = new String[RESPONSES];
        double[] quality = new double[RESPONSES];
        for (int r = 0; r < RESPONSES; r++) {
            int words = 5 + random.nextInt(60);
            StringBuilder sb = new StringBuilder("Response " + (char) ('A' + r) + " to prompt " + prefix + p + ":");
            for (int w = 0; w < words; w++) {
                sb.append(" word").append(random.nextInt(100));
            }
            text[r] = sb.toString();
            quality[r] = random.nextDouble();
        }
        int pairNo = 0;
        for (int i = 0; i < RESPONSES; i++) {
            for (int j = i + 1; j < RESPONSES; j++) {
                if (6 * p + pairNo >= pairsNeeded) {
                    return;
                }
                String id = prefix + "pair-" + p + "-" + pairNo++;
                String better = quality[i] >= quality[j] ? "a" : "b";
                int wordsA = text[i].split(" ").length;
                int wordsB = text[j].split(" ").length;
                String shorter = wordsA == wordsB ? null : wordsA < wordsB ? "a" : "b";
                List<Annotator> raters = new ArrayList<>(load.keySet());
                Collections.shuffle(raters, random);
                raters.sort(Comparator.comparingInt(load::get));
                StringBuilder js = new StringBuilder();
                for (Annotator annotator : raters.subList(0, d.raters())) {
                    load.merge(annotator, 1, Integer::sum);
                    signal(d, js, id, annotator, better, shorter);
                }
                pairs.add("{\"id\":\"" + id + "\",\"prompt_id\":\"" + prefix + "prompt-" + p + "\",\"domain\":\"chat\","
                        + "\"prompt\":\"Prompt " + prefix + p + "\",\"a\":\"" + text[i] + "\",\"b\":\"" + text[j]
                        + "\",\"judgments\":[" + js + "]}");
            }
        }
    }

    /** One annotator's judgments of one pair, and its planted type. */
    private void signal(Design d, StringBuilder js, String pairId, Annotator annotator, String better, String shorter) {
        boolean opinionless = annotator.kind().equals("nonattitude") && random.nextDouble() < d.naShare();
        boolean framedFirst = random.nextBoolean();
        boolean moved = false;
        String order = random.nextBoolean() ? "ab" : "ba";
        for (int round = 1; round <= d.rounds(); round++) {
            // Framings run neutral, framed, framed, neutral, neutral, framed: each framing meets both
            // shown orders, so a framing effect is not confounded with position.
            boolean framed = !d.framing().equals("none") && (d.rounds() == 1 ? framedFirst : (round / 2) % 2 == 1);
            String framing = d.framing().equals("none") ? null : framed ? d.framed() : d.unframed();
            // Positions swapped on every repeat, as test-retest designs do.
            order = round == 1 ? order : order.equals("ab") ? "ba" : "ab";
            String first = order.substring(0, 1);
            String pick;
            long time;
            if (annotator.kind().equals("speeder")) {
                pick = annotator.habit() ? first : coin();
                time = 300 + random.nextInt(1200);
            } else {
                time = 2500 + random.nextInt(9500);
                // Responses of equal length give a length framing nothing to act on.
                String pulled = framing == null || (!framed && d.neutral()) ? null
                        : d.framing().equals("length") ? (framed || shorter == null ? shorter : other(shorter))
                        : framed ? first : other(first);
                if (d.ties() > 0 && !annotator.kind().equals("constructed")
                        && random.nextDouble() < (opinionless ? d.ties() : d.ties() / 10)) {
                    pick = "tie";
                } else if (opinionless) {
                    pick = coin();
                } else if (annotator.kind().equals("constructed") && pulled != null) {
                    pick = slip(d, pulled);
                    // With no neutral framing the other framing pushes the other way: the pick depends
                    // on the framing even where it lands on the better response.
                    moved |= !pulled.equals(better) || !d.neutral();
                } else {
                    pick = slip(d, better);
                }
            }
            if (js.length() > 0) {
                js.append(',');
            }
            js.append("{\"annotator\":\"").append(annotator.name()).append("\",\"pick\":\"").append(pick)
                    .append("\",\"round\":").append(round).append(",\"shown_order\":\"").append(order).append('"');
            if (framing != null) {
                js.append(",\"framing\":\"").append(framing).append('"');
            }
            js.append(",\"time_ms\":").append(time);
            if (d.shuffled()) {
                // filled in once the annotator's order of viewing is drawn (see seenOrder)
                js.append(",\"timestamp\":").append(placeholder(annotator.name(), pairId, round));
                seen.computeIfAbsent(annotator.name(), k -> new ArrayList<>()).add(new String[] {pairId,
                        Integer.toString(round), Long.toString(time)});
            }
            js.append('}');
            judgments++;
        }
        String type = annotator.kind().equals("speeder") ? "ARTIFACT" : opinionless ? "NON_ATTITUDE"
                : moved ? "CONSTRUCTED" : "GENUINE";
        String design = annotator.name().contains("/") ? ",\"design\":\"" + d.name() + "\"" : "";
        truth.add("{\"pair\":\"" + pairId + "\",\"annotator\":\"" + annotator.name() + "\",\"type\":\"" + type
                + "\"" + design + "}");
    }

    private static String other(String side) {
        return side.equals("a") ? "b" : "a";
    }

    private static String placeholder(String annotator, String pairId, int round) {
        return "@" + annotator + "|" + pairId + "|" + round + "@";
    }

    /**
     * Each annotator's viewing order: round by round, their pairs shuffled within a round, one
     * judgment after another from a start of their own; the placeholders in the design's pair
     * lines become those timestamps.
     */
    private void seenOrder(int firstLine) {
        Map<String, Long> at = new java.util.HashMap<>();
        for (Map.Entry<String, List<String[]>> e : seen.entrySet()) {
            Map<Integer, List<String[]>> byRound = new java.util.TreeMap<>();
            e.getValue().forEach(j -> byRound.computeIfAbsent(Integer.parseInt(j[1]), k -> new ArrayList<>()).add(j));
            long clock = 1_767_225_600_000L + random.nextInt(86_400_000);
            for (List<String[]> round : byRound.values()) {
                Collections.shuffle(round, random);
                for (String[] j : round) {
                    clock += Long.parseLong(j[2]) + random.nextInt(3000);
                    at.put(placeholder(e.getKey(), j[0], Integer.parseInt(j[1])), clock);
                }
            }
        }
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("@[^@\"]+@");
        for (int i = firstLine; i < pairs.size(); i++) {
            java.util.regex.Matcher m = p.matcher(pairs.get(i));
            pairs.set(i, m.replaceAll(r -> Long.toString(at.get(r.group()))));
        }
        seen.clear();
    }

    private String slip(Design d, String side) {
        return random.nextDouble() < d.noise() ? (side.equals("a") ? "b" : "a") : side;
    }

    private String coin() {
        return random.nextBoolean() ? "a" : "b";
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            for (String line : lines) {
                w.print(line);
                w.print('\n');
            }
        }
    }
}
