package dev.rewire.framework.model;

/**
 * One annotator's judgment of a preference signal.
 *
 * <p>For a {@link Sample} the pick is {@code approve}, {@code reject} or {@code skip}; for a
 * {@link PreferencePair} it is {@code a}, {@code b}, {@code tie} or {@code skip}. A judgment that is
 * asked again in a later {@code round} (positions swapped where there are positions) is what the
 * test-retest filters compare. Immutable and thread safe.
 *
 * @param annotator  who judged; never null
 * @param pick       what they picked; never null
 * @param round      1 for the first time the item was shown to this annotator, 2 for the repeat, ...
 * @param shownOrder {@code ab} or {@code ba} for pairs, null where there is no order
 * @param framing    the instruction framing the item was shown under, or null
 * @param timeMs     time the annotator spent, or null when unknown
 * @param timestamp  when the annotator gave it (milliseconds since the epoch), or null when unknown:
 *                   with the round, it says in which order an annotator saw their items, which
 *                   the file's order need not be
 */
public record Judgment(String annotator, String pick, int round, String shownOrder, String framing, Long timeMs,
                       Long timestamp) {

    public static final String APPROVE = "approve";
    public static final String REJECT = "reject";
    public static final String SKIP = "skip";

    public Judgment {
        if (annotator == null || pick == null) {
            throw new IllegalArgumentException("a judgment needs an annotator and a pick");
        }
    }

    /** A judgment without a timestamp. */
    public Judgment(String annotator, String pick, int round, String shownOrder, String framing, Long timeMs) {
        this(annotator, pick, round, shownOrder, framing, timeMs, null);
    }

    /**
     * The order an annotator saw their judgments in: by timestamp where every one of them has one,
     * else by round (all first showings before any repeat), input order breaking ties. Returns a
     * new list; the argument is one annotator's judgments in input order.
     */
    public static java.util.List<Judgment> inOrderSeen(java.util.List<Judgment> judgments) {
        boolean timed = !judgments.isEmpty() && judgments.stream().allMatch(j -> j.timestamp() != null);
        java.util.List<Judgment> out = new java.util.ArrayList<>(judgments);
        out.sort(timed ? java.util.Comparator.comparing(Judgment::timestamp)
                : java.util.Comparator.comparingInt(Judgment::round));
        return out;
    }

    /** A builder for a judgment by this annotator with this pick: round 1, no order, framing or time. */
    public static Builder builder(String annotator, String pick) {
        return new Builder(annotator, pick);
    }

    /** True when this judgment approves a sample. */
    public boolean approves() {
        return APPROVE.equals(pick);
    }

    /** True when a pair's judgment chose a side ({@code a} or {@code b}), not a tie or a skip. */
    public boolean isChoice() {
        return "a".equals(pick) || "b".equals(pick);
    }

    /**
     * The side most of these judgments chose ({@code a} or {@code b}); null when the choices split
     * evenly or there are none.
     */
    public static String majorityChoice(java.util.List<Judgment> judgments) {
        int a = 0;
        int b = 0;
        for (Judgment j : judgments) {
            a += "a".equals(j.pick()) ? 1 : 0;
            b += "b".equals(j.pick()) ? 1 : 0;
        }
        return a > b ? "a" : b > a ? "b" : null;
    }

    /** The side ({@code a} or {@code b}) shown first; null when the shown order is unknown. */
    public String firstShownSide() {
        return shownOrder == null ? null : shownOrder.substring(0, 1);
    }

    /** True when the annotator gave an opinion (anything but {@code skip}). */
    public boolean isOpinion() {
        return !SKIP.equals(pick);
    }

    /** Builds a {@link Judgment}; not thread safe. */
    public static final class Builder {
        private final String annotator;
        private final String pick;
        private int round = 1;
        private String shownOrder;
        private String framing;
        private Long timeMs;
        private Long timestamp;

        private Builder(String annotator, String pick) {
            this.annotator = annotator;
            this.pick = pick;
        }

        public Builder round(int round) { this.round = round; return this; }
        public Builder shownOrder(String shownOrder) { this.shownOrder = shownOrder; return this; }
        public Builder framing(String framing) { this.framing = framing; return this; }
        public Builder timeMs(Long timeMs) { this.timeMs = timeMs; return this; }
        public Builder timestamp(Long timestamp) { this.timestamp = timestamp; return this; }

        public Judgment build() {
            return new Judgment(annotator, pick, round, shownOrder, framing, timeMs, timestamp);
        }
    }
}
