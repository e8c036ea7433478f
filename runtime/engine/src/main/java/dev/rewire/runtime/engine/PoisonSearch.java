package dev.rewire.runtime.engine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Finds the members of a batch that make a call throw, by bisection: a batch the call fails on is
 * halved, each half tried on its own, and a failing half halved again, down to single members
 * that fail alone (the poisoned ones). With k poisoned members among n it costs about
 * {@code 2 k log2(n / k)} calls, so the search is bounded by a number of calls and a deadline: a
 * call that fails on most of a batch is the call's fault, not the samples', and is given up on.
 * The search gives up too when no half fails on its own although the whole did (a failure that
 * needs two members together cannot be pinned on one). Stateless; the caller's thread.
 */
final class PoisonSearch {

    /** At most this many trial calls per search: enough for a handful of poisoned samples in 4,096. */
    static final int MAX_CALLS = 128;

    private PoisonSearch() {
    }

    /**
     * @param members  the batch the call failed on, in order
     * @param attempt  tries the call on a part: null when it succeeded, else what it threw
     * @param deadline {@link System#nanoTime()} after which the search gives up
     * @return the members that fail alone, each with what the call threw on it, in batch order; or
     *         null when the failure could not be pinned on some members only (the call fails on
     *         every one, needs two together, or the search ran out of calls or time)
     */
    static <T> Map<T, Throwable> isolate(List<T> members, Function<List<T>, Throwable> attempt, long deadline) {
        Search<T> search = new Search<>(attempt, deadline);
        if (!search.split(members)) {
            return null;
        }
        if (search.poisoned.isEmpty() || search.poisoned.size() == members.size()) {
            return null;
        }
        Map<T, Throwable> ordered = new java.util.LinkedHashMap<>();
        for (T m : members) {
            Throwable t = search.poisoned.get(m);
            if (t != null) {
                ordered.put(m, t);
            }
        }
        return ordered;
    }

    private static final class Search<T> {
        final Function<List<T>, Throwable> attempt;
        final long deadline;
        final Map<T, Throwable> poisoned = new IdentityHashMap<>();
        int calls;

        Search(Function<List<T>, Throwable> attempt, long deadline) {
            this.attempt = attempt;
            this.deadline = deadline;
        }

        /** {@code failing} is known to fail; records its poisoned members. False when the search gives up. */
        boolean split(List<T> failing) {
            int half = failing.size() / 2;
            List<T> left = new ArrayList<>(failing.subList(0, half));
            List<T> right = new ArrayList<>(failing.subList(half, failing.size()));
            boolean anyFailed = false;
            for (List<T> part : List.of(left, right)) {
                if (part.isEmpty()) {
                    continue;
                }
                if (++calls > MAX_CALLS || System.nanoTime() - deadline > 0) {
                    return false;
                }
                Throwable t = attempt.apply(part);
                if (t == null) {
                    continue;
                }
                anyFailed = true;
                if (part.size() == 1) {
                    poisoned.put(part.get(0), t);
                } else if (!split(part)) {
                    return false;
                }
            }
            return anyFailed;
        }
    }
}
