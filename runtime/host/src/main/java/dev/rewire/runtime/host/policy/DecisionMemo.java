package dev.rewire.runtime.host.policy;

import dev.rewire.framework.policy.BatchAction;
import dev.rewire.framework.policy.BatchContext;
import dev.rewire.framework.policy.CheckOutcome;
import dev.rewire.framework.policy.Classification;
import dev.rewire.framework.policy.Route;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The decisions of earlier batches, remembered by class of samples, for a policy proven to decide
 * each sample on its own ({@link SampleIndependence}) that reads no {@link BatchContext}. Such a
 * policy's routes for a class, and its batch actions, depend on nothing but the class and the check
 * outcomes of the batch before; and of those only on the properties the session read (each
 * {@link CheckOutcome} reports its reads). So a batch whose outcomes answer a remembered session's
 * reads alike, and whose classes were all decided then, is decided without a session: the routes
 * are copied, the actions are the same. Classes not seen yet go to a session of their own (one
 * sample each) and are remembered with it. The reads a remembered decision rests on are reported
 * again to the outcomes given, so that a speculation over them ({@code SpeculatedChecks}) knows
 * what the decision depended on.
 *
 * <p>A few sessions' worth is kept (the check outcomes of a run take a handful of states), most
 * recently used first. Thread safe: a policy is shared by every thread that decides with it.
 */
final class DecisionMemo {

    /** How many remembered outcome states are kept. */
    static final int STATES = 8;
    /**
     * How many classes one state remembers: a policy that reads a property of many values (a
     * length, an id) makes classes that seldom come again, and they are not kept past this.
     */
    static final int CLASSES_PER_STATE = 4096;

    /** What one session saw and decided; mutated only under the memo's lock. */
    private static final class Remembered {
        final List<CheckOutcome> outcomes;
        final List<Set<String>> reads;
        final Map<List<Object>, List<Route>> routesByClass;
        final List<BatchAction> actions;
        final Map<String, Classification> classifications;

        Remembered(List<CheckOutcome> outcomes, List<Set<String>> reads, Map<List<Object>, List<Route>> routesByClass,
                   List<BatchAction> actions, Map<String, Classification> classifications) {
            this.outcomes = outcomes;
            this.reads = reads;
            this.routesByClass = routesByClass;
            this.actions = actions;
            this.classifications = classifications;
        }

        /** Whether these outcomes answer every read of the remembered ones alike. */
        boolean answeredAlikeBy(List<CheckOutcome> standing, List<Set<String>> readsToCompare) {
            return CheckOutcome.answerAlike(outcomes, standing, readsToCompare);
        }
    }

    /** A session's result, before it is laid out by class. */
    record Session(Map<String, List<Route>> routes, List<BatchAction> actions,
                   Map<String, Classification> classifications, int fired) {

        PolicyDecision decision() {
            return new PolicyDecision(routes, actions, classifications, fired);
        }
    }

    private final Deque<Remembered> states = new ArrayDeque<>();
    private final AtomicLong fromMemory = new AtomicLong();
    private final AtomicLong sessions = new AtomicLong();

    /** Whether the facts beside the samples are ones the memo knows how to key: check outcomes and the batch context. */
    static boolean covers(List<Object> batchFacts) {
        for (Object f : batchFacts) {
            if (!(f instanceof CheckOutcome) && !(f instanceof BatchContext)) {
                return false;
            }
        }
        return true;
    }

    PolicyDecision decide(SampleClasses classes, Function<List<Object>, Session> session) {
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (Object f : classes.batchFacts()) {
            if (f instanceof CheckOutcome o) {
                outcomes.add(o);
            }
        }
        Remembered known;
        Map<List<Object>, List<Route>> routes = new LinkedHashMap<>();
        List<List<Object>> missing = new ArrayList<>();
        synchronized (states) {
            known = standingFor(outcomes);
            for (List<Object> key : classes.keys()) {
                List<Route> r = known == null ? null : known.routesByClass.get(key);
                if (r == null) {
                    missing.add(key);
                } else {
                    routes.put(key, r);
                }
            }
        }
        if (known != null) {
            for (int i = 0; i < outcomes.size(); i++) {
                for (String property : known.reads.get(i)) {
                    outcomes.get(i).readProperty(property);
                }
            }
        }
        if (missing.isEmpty()) {
            fromMemory.incrementAndGet();
            return new PolicyDecision(classes.expand(routes), known.actions, known.classifications, 0);
        }
        List<Set<String>> reads = new ArrayList<>(outcomes.size());
        List<Object> batchFacts = new ArrayList<>(classes.batchFacts().size());
        for (Object f : classes.batchFacts()) {
            if (f instanceof CheckOutcome o) {
                Set<String> read = ConcurrentHashMap.newKeySet();
                reads.add(read);
                batchFacts.add(o.reportingReads(read::add));
            } else {
                batchFacts.add(f);
            }
        }
        Session decided = session.apply(classes.sessionFacts(missing, batchFacts));
        sessions.incrementAndGet();
        Map<List<Object>, List<Route>> fresh = classes.byClass(missing, decided.routes());
        remember(known, outcomes, reads, fresh, decided);
        routes.putAll(fresh);
        return new PolicyDecision(classes.expand(routes), decided.actions(), decided.classifications(), decided.fired());
    }

    /** The most recent remembered state these outcomes answer alike, moved to the front; null when none. */
    private Remembered standingFor(List<CheckOutcome> outcomes) {
        for (Iterator<Remembered> it = states.iterator(); it.hasNext(); ) {
            Remembered r = it.next();
            if (r.answeredAlikeBy(outcomes, r.reads)) {
                it.remove();
                states.addFirst(r);
                return r;
            }
        }
        return null;
    }

    private void remember(Remembered known, List<CheckOutcome> outcomes, List<Set<String>> reads,
                          Map<List<Object>, List<Route>> fresh, Session decided) {
        List<Set<String>> frozen = new ArrayList<>(reads.size());
        for (Set<String> r : reads) {
            frozen.add(Set.copyOf(r));
        }
        synchronized (states) {
            // the classes decided now join the state the batch was answered from only where that
            // state's outcomes also answer this session's reads alike
            if (known != null && states.contains(known) && known.answeredAlikeBy(outcomes, frozen)) {
                if (known.routesByClass.size() + fresh.size() > CLASSES_PER_STATE) {
                    return;
                }
                known.routesByClass.putAll(kept(fresh));
                for (int i = 0; i < frozen.size(); i++) {
                    Set<String> union = new HashSet<>(known.reads.get(i));
                    union.addAll(frozen.get(i));
                    known.reads.set(i, Set.copyOf(union));
                }
                return;
            }
            if (fresh.size() > CLASSES_PER_STATE) {
                return;
            }
            states.addFirst(new Remembered(List.copyOf(outcomes), frozen, kept(fresh),
                    decided.actions(), decided.classifications()));
            while (states.size() > STATES) {
                states.removeLast();
            }
        }
    }

    /** Copies of a session's routes: the ones handed out with this batch may go anywhere. */
    private static Map<List<Object>, List<Route>> kept(Map<List<Object>, List<Route>> fresh) {
        Map<List<Object>, List<Route>> copies = new LinkedHashMap<>();
        fresh.forEach((key, routes) -> {
            List<Route> kept = new ArrayList<>(routes.size());
            for (Route r : routes) {
                kept.add(r.copyFor(r.getSampleId()));
            }
            copies.put(key, kept);
        });
        return copies;
    }

    /** Calls decided without a session. */
    long fromMemory() {
        return fromMemory.get();
    }

    /** Calls that ran a session (for the classes not remembered). */
    long sessions() {
        return sessions.get();
    }
}
