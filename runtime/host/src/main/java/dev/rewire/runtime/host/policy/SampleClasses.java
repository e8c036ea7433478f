package dev.rewire.runtime.host.policy;

import dev.rewire.framework.policy.Route;
import dev.rewire.framework.policy.SampleFact;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call's facts with its samples sorted into classes of equal reads ({@link SampleIndependence}):
 * the first sample of a class stands for it in a session, and the routes decided for it are given
 * to the rest of its class. Made and used by one thread, for one call.
 */
final class SampleClasses {

    /** Each class's samples in the order they came, by class key; the first stands for the class. */
    private final Map<List<Object>, List<SampleFact>> classes;
    /** The facts that are not samples, in the order they came. */
    private final List<Object> batchFacts;
    private final int samples;

    private SampleClasses(Map<List<Object>, List<SampleFact>> classes, List<Object> batchFacts, int samples) {
        this.classes = classes;
        this.batchFacts = batchFacts;
        this.samples = samples;
    }

    static SampleClasses of(Collection<?> facts, SampleIndependence independence) {
        Map<List<Object>, List<SampleFact>> classes = new LinkedHashMap<>();
        List<Object> batchFacts = new ArrayList<>();
        int samples = 0;
        for (Object fact : facts) {
            if (fact instanceof SampleFact sample) {
                classes.computeIfAbsent(independence.classKey(sample), k -> new ArrayList<>(8)).add(sample);
                samples++;
            } else {
                batchFacts.add(fact);
            }
        }
        return new SampleClasses(classes, batchFacts, samples);
    }

    /** Whether two samples share a class: a session of one sample per class is smaller. */
    boolean folds() {
        return classes.size() < samples;
    }

    /** The class keys, in the order of each class's first sample. */
    Collection<List<Object>> keys() {
        return classes.keySet();
    }

    List<Object> batchFacts() {
        return batchFacts;
    }

    /** A session's facts: the first sample of each of these classes, then the batch's other facts. */
    List<Object> sessionFacts(Collection<List<Object>> keys, List<Object> batchFacts) {
        List<Object> facts = new ArrayList<>(keys.size() + batchFacts.size());
        for (List<Object> key : keys) {
            facts.add(classes.get(key).get(0));
        }
        facts.addAll(batchFacts);
        return facts;
    }

    /** A session's routes (by sample id) as each decided class's routes, by class key. */
    Map<List<Object>, List<Route>> byClass(Collection<List<Object>> keys, Map<String, List<Route>> routesBySample) {
        Map<List<Object>, List<Route>> byClass = new LinkedHashMap<>();
        for (List<Object> key : keys) {
            byClass.put(key, routesBySample.getOrDefault(classes.get(key).get(0).getId(), List.of()));
        }
        return byClass;
    }

    /**
     * Every sample's routes: its class's, each made out to it (a session's routes for the sample
     * that stood for the class are its own).
     */
    Map<String, List<Route>> expand(Map<List<Object>, List<Route>> routesByClass) {
        Map<String, List<Route>> all = new LinkedHashMap<>(samples * 2);
        classes.forEach((key, members) -> {
            List<Route> decided = routesByClass.get(key);
            if (decided == null || decided.isEmpty()) {
                return;
            }
            for (SampleFact member : members) {
                String id = member.getId();
                if (decided.get(0).getSampleId().equals(id)) {
                    all.put(id, decided);
                    continue;
                }
                List<Route> copies = new ArrayList<>(decided.size());
                for (Route r : decided) {
                    copies.add(r.copyFor(id));
                }
                all.put(id, copies);
            }
        });
        return all;
    }
}
