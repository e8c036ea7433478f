package dev.rewire.runtime.host.policy;

import dev.rewire.framework.policy.Route;
import dev.rewire.framework.policy.SampleFact;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call's facts with its samples folded into classes of equal reads ({@link SampleIndependence}):
 * the first sample of each class stands for it in the session, and the routes decided for it are
 * copied to the rest of its class. Made and used by one thread, for one call.
 */
final class SampleClasses {

    private final List<Object> sessionFacts;
    /** Each standing sample's id, with the ids of the samples it stands for, in the order they came. */
    private final Map<String, List<String>> standsFor;

    private SampleClasses(List<Object> sessionFacts, Map<String, List<String>> standsFor) {
        this.sessionFacts = sessionFacts;
        this.standsFor = standsFor;
    }

    /**
     * The facts folded by class, or null when no two samples share a class (the session would be
     * the same).
     */
    static SampleClasses of(Collection<?> facts, SampleIndependence independence) {
        Map<List<Object>, SampleFact> standing = new HashMap<>();
        Map<String, List<String>> standsFor = new LinkedHashMap<>();
        List<Object> session = new ArrayList<>(facts.size());
        boolean folded = false;
        for (Object fact : facts) {
            if (fact instanceof SampleFact sample) {
                SampleFact first = standing.putIfAbsent(independence.classKey(sample), sample);
                if (first != null) {
                    standsFor.computeIfAbsent(first.getId(), id -> new ArrayList<>()).add(sample.getId());
                    folded = true;
                    continue;
                }
            }
            session.add(fact);
        }
        return folded ? new SampleClasses(session, standsFor) : null;
    }

    /** What the session is given: every fact that is not a sample, and one sample per class. */
    List<Object> sessionFacts() {
        return sessionFacts;
    }

    /** The session's routes, with a copy of each standing sample's routes for every sample it stands for. */
    Map<String, List<Route>> expand(Map<String, List<Route>> decided) {
        Map<String, List<Route>> all = new LinkedHashMap<>(decided);
        decided.forEach((id, routes) -> {
            for (String member : standsFor.getOrDefault(id, List.of())) {
                List<Route> copies = new ArrayList<>(routes.size());
                for (Route r : routes) {
                    copies.add(r.copyFor(member));
                }
                all.put(member, copies);
            }
        });
        return all;
    }
}
