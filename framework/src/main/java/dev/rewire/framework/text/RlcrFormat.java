package dev.rewire.framework.text;

import java.util.regex.Pattern;

/**
 * Reads the output format of RLCR (Damani et al. 2025):
 * {@code <think>..</think><answer>..</answer><analysis>..</analysis><confidence>0.8</confidence>}.
 * Stateless and thread safe.
 */
public final class RlcrFormat {

    private static final Pattern SEQUENCE = Pattern.compile(
            "<think>.*?</think>\\s*<answer>.*?</answer>\\s*<analysis>.*?</analysis>\\s*"
                    + "<confidence>[^<]*</confidence>\\s*\\z",
            Pattern.DOTALL);

    private RlcrFormat() {
    }

    /** True when the four tags appear in order and the confidence tag ends the completion. */
    public static boolean isWellFormed(String completion) {
        return completion != null && SEQUENCE.matcher(completion).find();
    }

    /** The text inside the last {@code <tag>...</tag>}, or null when there is none. */
    public static String lastTag(String text, String tag) {
        if (text == null) {
            return null;
        }
        String open = "<" + tag + ">";
        String close = "</" + tag + ">";
        int start = text.lastIndexOf(open);
        while (start >= 0) {
            int end = text.indexOf(close, start + open.length());
            if (end >= 0) {
                return text.substring(start + open.length(), end);
            }
            start = start == 0 ? -1 : text.lastIndexOf(open, start - 1);
        }
        return null;
    }

    /**
     * The stated confidence: the last {@code <confidence>} tag of the completion. A missing tag,
     * an unparsable number or a value outside [0,1] is a format failure, reported as such.
     */
    public static Confidence confidence(String completion) {
        String raw = lastTag(completion, "confidence");
        if (raw == null) {
            return Confidence.problem("no <confidence> tag");
        }
        double q;
        try {
            q = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            return Confidence.problem("unparsable confidence \"" + abbreviate(raw.trim()) + "\"");
        }
        if (!(q >= 0 && q <= 1)) {
            return Confidence.problem("confidence " + raw.trim() + " outside [0,1]");
        }
        return Confidence.of(q);
    }

    private static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 21) + "...";
    }

    /** A parsed confidence, or the reason there is none. */
    public record Confidence(double value, String problem) {

        static Confidence of(double q) {
            return new Confidence(q, null);
        }

        static Confidence problem(String why) {
            return new Confidence(Double.NaN, why);
        }

        public boolean present() {
            return problem == null;
        }
    }
}
