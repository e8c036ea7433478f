package dev.rewire.bundles.filter.artifacts;

import dev.rewire.framework.model.PairSignal;
import dev.rewire.framework.model.PreferenceSignal;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.AnnotationFilter;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.framework.stats.Agreement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * {@code transitivity}: a held preference is transitive; circular triads (A over B, B over C,
 * C over A) in one annotator's judgments over the responses to one prompt point to a
 * non-attitude. For every annotator and prompt whose judged pairs form a complete tournament of at
 * least three responses (each signal's majority pick is its result), Kendall's d counts the
 * circular triads and zeta = 1 - d / d_max measures consistence. The signals that take part in a
 * circular triad get {@code NON_ATTITUDE} evidence, the others {@code GENUINE}. Applies to
 * preference pairs only.
 */
@Component(service = AnnotationFilter.class)
public final class TransitivityFilter implements AnnotationFilter {

    @Override
    public String id() {
        return "transitivity";
    }

    @Override
    public List<FilterEvidence> assess(List<? extends PreferenceSignal> signals) {
        Map<List<String>, List<PairSignal>> tournaments = new LinkedHashMap<>();
        for (PreferenceSignal s : signals) {
            if (s instanceof PairSignal p && !p.judgments().isEmpty()) {
                tournaments.computeIfAbsent(List.of(p.annotator(), p.promptId()), k -> new ArrayList<>()).add(p);
            }
        }
        List<FilterEvidence> evidence = new ArrayList<>();
        for (List<PairSignal> pairs : tournaments.values()) {
            Map<String, Integer> items = new LinkedHashMap<>();
            for (PairSignal p : pairs) {
                items.putIfAbsent(p.pair().a(), items.size());
                items.putIfAbsent(p.pair().b(), items.size());
            }
            int n = items.size();
            if (n < 3 || pairs.size() != n * (n - 1) / 2) {
                continue;
            }
            int[] wins = new int[n];
            boolean[][] beats = new boolean[n][n];
            boolean decided = true;
            for (PairSignal p : pairs) {
                String pick = p.majorityPick();
                if (pick == null) {
                    decided = false;
                    break;
                }
                int winner = items.get(pick.equals("a") ? p.pair().a() : p.pair().b());
                int loser = items.get(pick.equals("a") ? p.pair().b() : p.pair().a());
                wins[winner]++;
                beats[winner][loser] = true;
            }
            if (!decided) {
                continue;
            }
            double d = Agreement.circularTriads(wins);
            double zeta = Agreement.consistence(wins);
            Map<String, Double> metrics = Map.of("circular_triads", d, "consistence", zeta, "responses", (double) n);
            boolean[][] inCycle = cycles(beats);
            for (PairSignal p : pairs) {
                evidence.add(inCycle[items.get(p.pair().a())][items.get(p.pair().b())]
                        ? new FilterEvidence(p.id(), id(), Verdict.NON_ATTITUDE, List.of(String.format(Locale.ROOT,
                                "%.0f circular triad(s) among %d responses to this prompt (zeta %.2f)", d, n, zeta)), metrics)
                        : new FilterEvidence(p.id(), id(), Verdict.GENUINE, List.of("transitive over " + n + " responses"),
                                metrics));
            }
        }
        return evidence;
    }

    /** For each pair of items, whether their comparison is part of a circular triad. */
    private static boolean[][] cycles(boolean[][] beats) {
        int n = beats.length;
        boolean[][] in = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    if (beats[i][j] && beats[j][k] && beats[k][i]) {
                        in[i][j] = in[j][i] = in[j][k] = in[k][j] = in[k][i] = in[i][k] = true;
                    }
                }
            }
        }
        return in;
    }
}
