import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes the bundled example: samples.jsonl (valid samples in three domains, 4 to 8 per prompt)
 * and samples-with-errors.jsonl (the same kind of samples with a few broken lines mixed in).
 * Deterministic: a fixed seed, no clock. Run from the repository root with
 * {@code java examples/GenerateSamples.java [PROMPTS_PER_DOMAIN] [OUT_DIR]}.
 */
public final class GenerateSamples {

    private static final long SEED = 20261124L;

    private static final String[][] FACTS = {
            {"What is the capital of France?", "Paris", "Lyon"},
            {"What is the capital of Australia?", "Canberra", "Sydney"},
            {"Which planet is known as the Red Planet?", "Mars", "Jupiter"},
            {"Who wrote 'Pride and Prejudice'?", "Jane Austen", "Charlotte Bronte"},
            {"What is the chemical symbol for gold?", "Au", "Ag"},
            {"In which year did the Berlin Wall fall?", "1989", "1991"},
            {"What is the largest ocean on Earth?", "the Pacific Ocean", "the Atlantic Ocean"},
            {"Which element has atomic number 1?", "Hydrogen", "Helium"},
            {"What is the capital of Canada?", "Ottawa", "Toronto"},
            {"Who painted the Mona Lisa?", "Leonardo da Vinci", "Michelangelo"},
            {"What is the longest river in South America?", "the Amazon", "the Parana"},
            {"How many sides does a hexagon have?", "6", "8"},
    };

    private static final String[] CHAT_PROMPTS = {
            "Write a short note thanking a colleague for their help.",
            "Explain what a hash map is to a beginner.",
            "Suggest three names for a hiking club.",
            "How do I politely decline a meeting invitation?",
            "Summarize the plot of a heist movie in two sentences.",
            "Give me a tip for staying focused while studying.",
            "Describe a sunrise without using the word 'sun'.",
            "What should I pack for a weekend camping trip?",
    };

    private static final String[] CHAT_OPENERS = {
            "Sure! ", "Here is one way to put it: ", "Great question. ", "", "Absolutely. ",
    };

    private final Random random = new Random(SEED);
    /** A second stream for the evaluator's approvals, so adding them left every other value as it was. */
    private final Random evaluator = new Random(SEED + 1);
    private final List<String> lines = new ArrayList<>();
    private int sampleCounter;

    public static void main(String[] args) throws IOException {
        int prompts = args.length > 0 ? Integer.parseInt(args[0]) : 140;
        Path dir = Path.of(args.length > 1 ? args[1] : "examples");
        GenerateSamples g = new GenerateSamples();
        for (int p = 0; p < prompts; p++) {
            g.mathPrompt(p);
            g.qaPrompt(p);
            g.chatPrompt(p);
        }
        write(dir.resolve("samples.jsonl"), g.lines);
        write(dir.resolve("samples-with-errors.jsonl"), g.withErrors());
        System.err.println("wrote " + g.lines.size() + " samples to " + dir.resolve("samples.jsonl"));
    }

    private int groupSize() {
        return 4 + random.nextInt(5);
    }

    private void mathPrompt(int p) {
        int a = 12 + random.nextInt(2000);
        int b = 3 + random.nextInt(90);
        boolean product = random.nextBoolean();
        int answer = product ? a * b : a + b;
        String prompt = "What is " + a + (product ? " times " : " plus ") + b + "?";
        String source = random.nextInt(4) == 0 ? "synthetic" : "dataset";
        String promptId = "math-" + p;
        // A quarter of the math prompts come without a reference (label-free, as in TTRL) but with
        // the answer tokens' top-2 probabilities (as RLSF uses).
        boolean unlabeled = p % 4 == 3;
        for (int i = 0, n = groupSize(); i < n; i++) {
            boolean correct = random.nextDouble() < 0.6;
            int stated = correct ? answer : answer + (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(20));
            String shown = answer >= 1000 && random.nextInt(3) == 0 ? String.format(Locale.US, "%,d", stated)
                    : Integer.toString(stated);
            String completion = switch (random.nextInt(3)) {
                case 0 -> "First compute " + a + (product ? " * " : " + ") + b + ". The answer is " + shown + ".";
                case 1 -> "Working it out step by step gives \\boxed{" + shown + "}";
                default -> "<think>" + a + (product ? " x " : " + ") + b + "</think><answer>" + shown + "</answer>";
            };
            if (unlabeled) {
                sample(promptId, "math", source, prompt, completion, null, null, null, null, null,
                        tokenProbs(shown.length(), correct));
            } else {
                sample(promptId, "math", source, prompt, completion, Integer.toString(answer), null, null);
            }
        }
    }

    private void qaPrompt(int p) {
        String[] fact = FACTS[p % FACTS.length];
        String promptId = "qa-" + p;
        for (int i = 0, n = groupSize(); i < n; i++) {
            boolean correct = random.nextDouble() < 0.65;
            String answer = correct ? fact[1] : fact[2];
            // The policy is overconfident: stated confidence runs above its accuracy.
            double q = Math.min(1.0, Math.max(0.0, (correct ? 0.8 : 0.6) + random.nextGaussian() * 0.12));
            String conf = String.format(Locale.ROOT, "%.2f", q);
            String completion;
            int shape = random.nextInt(20);
            if (shape == 0) {
                completion = "<think>Recalling.</think><answer>" + answer + "</answer><analysis>Fairly sure.</analysis>";
            } else if (shape == 1) {
                completion = "<think>Recalling.</think><answer>" + answer + "</answer><analysis>Unsure.</analysis>"
                        + "<confidence>very high</confidence>";
            } else {
                completion = "<think>Let me recall what I know about this.</think><answer>" + answer
                        + "</answer><analysis>I " + (q > 0.7 ? "am fairly certain" : "might be mixing this up")
                        + ".</analysis><confidence>" + conf + "</confidence>";
            }
            // An evaluator approves most right answers and, looking only at the form, a quarter of the wrong ones.
            boolean approved = evaluator.nextDouble() < (correct ? 0.85 : 0.25);
            sample(promptId, "qa", "dataset", fact[0], completion, fact[1], approved, null);
        }
    }

    private void chatPrompt(int p) {
        String prompt = CHAT_PROMPTS[p % CHAT_PROMPTS.length];
        String promptId = "chat-" + p;
        String source = random.nextInt(3) == 0 ? "ai_judge" : "human";
        for (int i = 0, n = groupSize(); i < n; i++) {
            double quality = random.nextDouble();
            String completion = CHAT_OPENERS[random.nextInt(CHAT_OPENERS.length)] + "Response variant " + (i + 1)
                    + " to: " + prompt.toLowerCase(Locale.ROOT) + (quality > 0.5 ? " With a concrete example." : "");
            StringBuilder judgments = new StringBuilder("[");
            int annotators = 3;
            for (int a = 0; a < annotators; a++) {
                // Annotator 2 holds no opinion on a third of the items: a coin flip each time asked.
                boolean noOpinion = a == 2 && random.nextInt(3) == 0;
                boolean approve = noOpinion ? random.nextBoolean() : random.nextDouble() < quality + 0.1;
                judgment(judgments, "ann-" + (p % 7) + "-" + a, approve, 1);
                if (random.nextInt(2) == 0) {
                    boolean again = noOpinion ? random.nextBoolean() : approve;
                    judgment(judgments, "ann-" + (p % 7) + "-" + a, again, 2);
                }
            }
            judgments.append(']');
            boolean approved = random.nextDouble() < quality + 0.2;
            // Token counts as a tokenizer would report them; a few runs hit the overlong buffer.
            int tokens = random.nextInt(30) == 0 ? 3600 + random.nextInt(900) : 20 + random.nextInt(400);
            double rm = Math.round((quality * 4 - 2 + random.nextGaussian() * 0.5) * 1000) / 1000.0;
            sample(promptId, "chat", source, prompt, completion, null, approved, judgments.toString(), tokens, rm, null);
        }
    }

    private void judgment(StringBuilder sb, String annotator, boolean approve, int round) {
        if (sb.length() > 1) {
            sb.append(',');
        }
        sb.append("{\"annotator\":").append(quote(annotator)).append(",\"pick\":")
                .append(quote(approve ? "approve" : "reject")).append(",\"round\":").append(round)
                .append(",\"time_ms\":").append(1500 + random.nextInt(9000)).append('}');
    }

    private void sample(String promptId, String domain, String source, String prompt, String completion,
                        String reference, Boolean approved, String judgments) {
        sample(promptId, domain, source, prompt, completion, reference, approved, judgments, null, null, null);
    }

    /** Per answer token, [p_top1, p_top2]: confident answers have wide margins. */
    private String tokenProbs(int tokens, boolean confident) {
        StringBuilder sb = new StringBuilder("[");
        for (int t = 0; t < Math.max(1, tokens); t++) {
            double p1 = confident ? 0.7 + random.nextDouble() * 0.29 : 0.3 + random.nextDouble() * 0.4;
            double p2 = Math.min(1 - p1, p1) * random.nextDouble();
            sb.append(t == 0 ? "" : ",").append(String.format(Locale.ROOT, "[%.3f,%.3f]", p1, p2));
        }
        return sb.append(']').toString();
    }

    private void sample(String promptId, String domain, String source, String prompt, String completion,
                        String reference, Boolean approved, String judgments, Integer tokens, Double rmScore,
                        String tokenProbs) {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"id\":").append(quote("s-" + (++sampleCounter)));
        sb.append(",\"prompt_id\":").append(quote(promptId));
        sb.append(",\"domain\":").append(quote(domain));
        sb.append(",\"source\":").append(quote(source));
        sb.append(",\"prompt\":").append(quote(prompt));
        sb.append(",\"completion\":").append(quote(completion));
        if (reference != null) {
            sb.append(",\"reference\":").append(quote(reference));
        }
        if (approved != null) {
            sb.append(",\"approved\":").append(approved);
        }
        if (judgments != null) {
            sb.append(",\"judgments\":").append(judgments);
        }
        if (tokens != null) {
            sb.append(",\"completion_tokens\":").append(tokens);
        }
        if (rmScore != null) {
            sb.append(",\"rm_score\":").append(rmScore);
        }
        if (tokenProbs != null) {
            sb.append(",\"answer_token_probs\":").append(tokenProbs);
        }
        lines.add(sb.append('}').toString());
    }

    /** The first 200 samples with broken lines mixed in, one of each kind the decoder rejects. */
    private List<String> withErrors() {
        List<String> out = new ArrayList<>(lines.subList(0, 200));
        out.add(17, "{\"id\": \"bad-json\", \"prompt_id\": ");
        out.add(42, "{\"id\":\"bad-missing\",\"prompt_id\":\"math-x\",\"domain\":\"math\",\"prompt\":\"1+1?\"}");
        out.add(77, "{\"id\":\"bad-type\",\"prompt_id\":\"qa-x\",\"domain\":\"qa\",\"prompt\":\"?\",\"completion\":\"x\","
                + "\"confidence\":\"high\"}");
        out.add(120, "{\"id\":\"bad-range\",\"prompt_id\":\"qa-x\",\"domain\":\"qa\",\"prompt\":\"?\",\"completion\":\"x\","
                + "\"confidence\":1.3}");
        out.add(150, "[1, 2, 3]");
        return out;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
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
