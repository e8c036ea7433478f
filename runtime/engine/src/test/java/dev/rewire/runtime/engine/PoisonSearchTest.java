package dev.rewire.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Bisection finds the members a call throws on alone, within its bounds, and gives up where the fault is not theirs. */
class PoisonSearchTest {

    private static final long NO_DEADLINE = System.nanoTime() + 60_000_000_000L;

    private static List<Integer> members(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    /** Fails on any part holding a member {@code bad} accepts; counts its calls. */
    private static Function<List<Integer>, Throwable> failingOn(java.util.function.IntPredicate bad, AtomicInteger calls) {
        return part -> {
            calls.incrementAndGet();
            return part.stream().anyMatch(bad::test) ? new IllegalStateException("bad in " + part) : null;
        };
    }

    @Test
    void findsThePoisonedMembersInOrderWithinAboutTwoKLogNCalls() {
        AtomicInteger calls = new AtomicInteger();
        Map<Integer, Throwable> found = PoisonSearch.isolate(members(256), failingOn(i -> i == 200 || i == 3 || i == 77, calls),
                NO_DEADLINE);
        assertEquals(List.of(3, 77, 200), List.copyOf(found.keySet()));
        assertTrue(found.get(77).getMessage().contains("bad in [77]"));
        assertTrue(calls.get() <= 2 * 3 * 8, "2 k log2 n calls at most: " + calls);
    }

    @Test
    void givesUpWhenTheFaultIsNotSomeMembers() {
        AtomicInteger calls = new AtomicInteger();
        assertNull(PoisonSearch.isolate(members(8), failingOn(i -> true, calls), NO_DEADLINE), "every member fails");
        assertNull(PoisonSearch.isolate(members(256), failingOn(i -> true, calls), NO_DEADLINE),
                "every member fails: the search stops at its call bound");
        assertNull(PoisonSearch.isolate(members(8), part -> part.contains(2) && part.contains(5)
                ? new IllegalStateException("a pair") : null, NO_DEADLINE), "only two together fail");
        assertNull(PoisonSearch.isolate(members(8), failingOn(i -> i == 4, new AtomicInteger()), System.nanoTime() - 1),
                "past the deadline");
    }
}
