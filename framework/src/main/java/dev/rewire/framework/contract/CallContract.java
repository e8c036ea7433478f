package dev.rewire.framework.contract;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.TermResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the host takes from a call into a bundle, and what it records instead of what it does not
 * take. Host-only (not exported to bundles): the host's pipeline and the test kit both call through
 * here, so that a term, filter or check tested with {@code rewire-testkit} is held to exactly the
 * rules of a running host. Deadlines are not part of it: they belong to the caller's threads.
 */
public final class CallContract {

    /** The largest term value taken: its square, summed over a group, stays far from overflowing. */
    public static final double MAX_MAGNITUDE = 1e100;

    private static final String THREW = "threw ";

    private CallContract() {
    }

    /**
     * A term's results on one group as the host records them.
     *
     * @param results   one per sample of the group, in its order
     * @param rejection why the term's answer was replaced as a whole (it threw, returned null, a null
     *                  result or the wrong number of results); null when it was taken
     */
    public record TermCall(List<TermResult> results, String rejection) {

        public TermCall {
            results = Collections.unmodifiableList(new ArrayList<>(results));
        }

        /** Whether the term threw (rather than answered wrongly): then a part of the group may still be scored. */
        public boolean threw() {
            return rejection != null && rejection.startsWith(THREW);
        }
    }

    /**
     * Calls {@code term} on {@code group}. A throw (an {@code Error} included, but not out of memory
     * and other virtual-machine errors, which are rethrown) makes every sample abstain with the error
     * as reason; a wrong-sized answer makes every sample abstain naming the sizes; a value past
     * {@link #MAX_MAGNITUDE} makes that sample abstain.
     */
    public static TermCall callTerm(RewardTerm term, Group group) {
        List<TermResult> returned;
        try {
            returned = term.evaluate(group);
        } catch (Throwable e) {
            if (e instanceof VirtualMachineError vm && !(vm instanceof StackOverflowError)) {
                throw vm;
            }
            return new TermCall(repeat(TermResult.failed(e), group.size()), THREW + e);
        }
        return checkTermResults(returned, group.size());
    }

    /** The host's reading of what a term returned for a group of {@code groupSize} samples. */
    public static TermCall checkTermResults(List<TermResult> returned, int groupSize) {
        if (returned == null || returned.size() != groupSize || returned.stream().anyMatch(r -> r == null)) {
            String why = "error: term returned " + (returned == null ? "null"
                    : returned.size() == groupSize ? "a null result" : returned.size() + " results")
                    + " for " + groupSize + " samples";
            return new TermCall(repeat(TermResult.abstain(why), groupSize), why);
        }
        List<TermResult> checked = returned;
        for (int i = 0; i < returned.size(); i++) {
            TermResult r = returned.get(i);
            if (!r.abstained() && Math.abs(r.value()) > MAX_MAGNITUDE) {
                if (checked == returned) {
                    checked = new ArrayList<>(returned);
                }
                checked.set(i, TermResult.abstain("error: value " + r.value() + " out of range (|value| > 1e100: "
                        + "group statistics would overflow)"));
            }
        }
        return new TermCall(checked, null);
    }

    /** Why a filter's or check's call gave nothing, when it returned null ({@code kind}: filter, check). */
    public static String returnedNull(String kind) {
        return "error: the " + kind + " returned null";
    }

    /** Why a filter's or check's call gave nothing, when it threw {@code error}. */
    public static String threw(Throwable error) {
        return "error: " + error;
    }

    /** {@code result} {@code times} times: one abstention shared by every sample of a call. */
    public static List<TermResult> repeat(TermResult result, int times) {
        return new ArrayList<>(Collections.nCopies(times, result));
    }
}
