package dev.rewire.framework.policy;

/**
 * One rule's change to a route's weight: it set the weight ({@code =value}: the rule that created
 * the route, or a reweight) or multiplied it ({@code xvalue}: a rescale). {@link #toString()} is
 * the form output records carry in a term's {@code rules}, e.g. {@code "qa: RLCR tag format =0.5"}
 * or {@code "source: synthetic references count half x0.5"}: readable, and parsed back by
 * {@link #parse} (the operator is the text after the last space).
 *
 * @param rule   the rule's name
 * @param scales true when the rule multiplied the weight, false when it set it
 * @param value  the factor (scales) or the new weight
 */
public record WeightStep(String rule, boolean scales, double value) {

    public static WeightStep set(String rule, double weight) {
        return new WeightStep(rule, false, weight);
    }

    public static WeightStep scale(String rule, double factor) {
        return new WeightStep(rule, true, factor);
    }

    /** Reads back what {@link #toString()} wrote. */
    public static WeightStep parse(String text) {
        int space = text.lastIndexOf(' ');
        if (space < 1 || space + 2 > text.length() || "=x".indexOf(text.charAt(space + 1)) < 0) {
            throw new IllegalArgumentException("not a weight step (\"RULE =W\" or \"RULE xF\"): \"" + text + "\"");
        }
        double value;
        try {
            value = Double.parseDouble(text.substring(space + 2));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a weight step (\"RULE =W\" or \"RULE xF\"): \"" + text + "\"");
        }
        return new WeightStep(text.substring(0, space), text.charAt(space + 1) == 'x', value);
    }

    @Override
    public String toString() {
        return rule + (scales ? " x" : " =") + value;
    }
}
