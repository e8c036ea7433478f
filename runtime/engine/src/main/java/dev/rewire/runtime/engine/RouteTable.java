package dev.rewire.runtime.engine;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.policy.Route;
import dev.rewire.framework.record.Batch;
import dev.rewire.runtime.host.policy.PolicyDecision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The policy's routes laid out as a table: one row per sample in batch order (group by group),
 * one column per routed term in term-id order. Evaluate, score and assemble read it by index
 * instead of looking routes up by sample id. Several routes of one sample to one term add their
 * weights (each route's rules are kept). Immutable once built; built and read on one thread.
 */
final class RouteTable {

    private final Batch batch;
    private final List<Sample> samples;
    private final List<String> terms;
    private final Map<String, Integer> columns = new HashMap<>();
    private final double[] weights;
    private final boolean[] routed;
    /** Per row, its routes sorted by term (stable: the order rules created them within a term). */
    private final List<List<Route>> routesByRow;

    RouteTable(Batch batch, PolicyDecision decision) {
        this.batch = batch;
        this.samples = batch.samples();
        TreeSet<String> ids = new TreeSet<>();
        decision.routes().values().forEach(routes -> routes.forEach(r -> ids.add(r.getTerm())));
        this.terms = List.copyOf(ids);
        for (int c = 0; c < terms.size(); c++) {
            columns.put(terms.get(c), c);
        }
        int n = samples.size();
        int k = terms.size();
        this.weights = new double[n * k];
        this.routed = new boolean[n * k];
        this.routesByRow = new ArrayList<>(n);
        for (int row = 0; row < n; row++) {
            List<Route> routes = decision.routesOf(samples.get(row).id());
            List<Route> sorted = routes.size() <= 1 ? routes : new ArrayList<>(routes);
            if (sorted != routes) {
                sorted.sort(Comparator.comparing(Route::getTerm));
            }
            for (Route r : sorted) {
                int cell = row * k + columns.get(r.getTerm());
                weights[cell] += r.getWeight();
                routed[cell] = true;
            }
            routesByRow.add(sorted);
        }
    }

    Batch batch() {
        return batch;
    }

    /** The samples, one per row. */
    List<Sample> samples() {
        return samples;
    }

    int rows() {
        return samples.size();
    }

    /** The routed terms, one per column, in id order. */
    List<String> terms() {
        return terms;
    }

    /** The column of a routed term. */
    int column(String term) {
        return columns.get(term);
    }

    boolean routed(int row, int column) {
        return routed[row * terms.size() + column];
    }

    /** The summed weight of a row's routes to a column's term (0 when not routed). */
    double weight(int row, int column) {
        return weights[row * terms.size() + column];
    }

    /** Row-major weights, rows x terms: the layout the scorer takes. Do not modify. */
    double[] weights() {
        return weights;
    }

    List<Route> routes(int row) {
        return routesByRow.get(row);
    }

    /**
     * A term's routed rows, group by group (groups where it routes no sample left out): the unit a
     * term is called on.
     */
    List<int[]> routedRowsByGroup(int column) {
        List<int[]> byGroup = new ArrayList<>();
        int first = 0;
        for (Group g : batch.groups()) {
            int count = 0;
            for (int row = first; row < first + g.size(); row++) {
                count += routed(row, column) ? 1 : 0;
            }
            if (count > 0) {
                int[] rows = new int[count];
                int i = 0;
                for (int row = first; row < first + g.size(); row++) {
                    if (routed(row, column)) {
                        rows[i++] = row;
                    }
                }
                byGroup.add(rows);
            }
            first += g.size();
        }
        return byGroup;
    }

    /** The batch's group index of every row. */
    int[] groupOfRow() {
        int[] groups = new int[samples.size()];
        int row = 0;
        for (int g = 0; g < batch.groups().size(); g++) {
            for (int i = 0; i < batch.groups().get(g).size(); i++) {
                groups[row++] = g;
            }
        }
        return groups;
    }
}
