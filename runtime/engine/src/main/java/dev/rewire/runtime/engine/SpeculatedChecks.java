package dev.rewire.runtime.engine;

import dev.rewire.framework.policy.CheckOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The check outcomes a batch was decided on (the latest known when its decision began), as facts
 * that report which of their properties the policy read. When the batch's turn comes, the decision
 * holds for the outcomes that then stand if those answer every read alike: the policy saw nothing
 * that differs, so it decided as it would have on them ({@link CheckOutcome#reportingReads}). That
 * rests on the policy being deterministic, as every policy must be for a run to be reproducible.
 * Thread safe: reads arrive on the threads that run the decision.
 */
final class SpeculatedChecks {

    private final List<CheckOutcome> known;
    private final List<CheckOutcome> facts;
    private final List<Set<String>> reads;

    SpeculatedChecks(List<CheckOutcome> known) {
        this.known = known;
        this.facts = new ArrayList<>(known.size());
        this.reads = new ArrayList<>(known.size());
        for (CheckOutcome outcome : known) {
            Set<String> read = ConcurrentHashMap.newKeySet();
            reads.add(read);
            facts.add(outcome.reportingReads(read::add));
        }
    }

    /** The outcomes the batch was decided on. */
    List<CheckOutcome> known() {
        return known;
    }

    /** The outcomes as the policy's facts (copies that report their reads). */
    List<CheckOutcome> facts() {
        return facts;
    }

    /** Whether a decision on these outcomes is the one {@code standing} would have given. */
    boolean holdFor(List<CheckOutcome> standing) {
        if (standing == known) {
            return true;
        }
        return CheckOutcome.answerAlike(known, standing, reads);
    }
}
