package dev.rewire.bundles.filter.retest;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PreferenceSignal;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.AnnotationFilter;
import dev.rewire.framework.spi.FilterEvidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;

/**
 * {@code framing}: a constructed preference is built on the spot and shifts systematically with
 * the framing (Ghafouri et al. 2026). For each signal judged under two or more framings: when the
 * picks are unanimous within each framing and differ between framings, the evidence is
 * {@code CONSTRUCTED}; when they agree across framings, {@code GENUINE}. Per annotator, McNemar's
 * test on the paired labels of the first two framings (continuity-corrected chi-square, b and c
 * the discordant counts) says whether the flips are systematic across all their items; it is
 * reported with every signal of that annotator.
 */
@Component(service = AnnotationFilter.class)
public final class FramingFilter implements AnnotationFilter {

    @Override
    public String id() {
        return "framing";
    }

    @Override
    public List<FilterEvidence> assess(List<? extends PreferenceSignal> signals) {
        Map<String, int[]> discordant = new LinkedHashMap<>();
        Map<String, Map<String, String>> unanimous = new LinkedHashMap<>();
        for (PreferenceSignal s : signals) {
            Map<String, String> byFraming = unanimousPicks(s);
            if (byFraming.size() < 2) {
                continue;
            }
            unanimous.put(s.id(), byFraming);
            String annotator = s.judgments().get(0).annotator();
            List<String> framings = new ArrayList<>(byFraming.keySet());
            String first = byFraming.get(framings.get(0));
            String second = byFraming.get(framings.get(1));
            if (first != null && second != null && !first.equals(second)) {
                discordant.computeIfAbsent(annotator, a -> new int[2])[first.equals("a") ? 0 : 1]++;
            } else {
                discordant.computeIfAbsent(annotator, a -> new int[2]);
            }
        }
        List<FilterEvidence> evidence = new ArrayList<>();
        for (PreferenceSignal s : signals) {
            Map<String, String> byFraming = unanimous.get(s.id());
            if (byFraming == null || byFraming.containsValue(null)) {
                continue;
            }
            int[] bc = discordant.get(s.judgments().get(0).annotator());
            double chi2 = bc[0] + bc[1] == 0 ? 0 : Math.pow(Math.abs(bc[0] - bc[1]) - 1, 2) / (bc[0] + bc[1]);
            Set<String> distinct = new LinkedHashSet<>(byFraming.values());
            Map<String, Double> metrics = Map.of("framings", (double) byFraming.size(), "mcnemar_chi2", chi2,
                    "discordant_b", (double) bc[0], "discordant_c", (double) bc[1]);
            if (distinct.size() > 1) {
                StringBuilder why = new StringBuilder("picks follow the framing:");
                byFraming.forEach((f, p) -> why.append(' ').append(p).append(" under ").append(f).append(','));
                why.setLength(why.length() - 1);
                evidence.add(new FilterEvidence(s.id(), id(), Verdict.CONSTRUCTED, List.of(why.toString(),
                        String.format(Locale.ROOT, "annotator's McNemar chi-square %.2f (b %d, c %d)", chi2, bc[0], bc[1])),
                        metrics));
            } else {
                evidence.add(new FilterEvidence(s.id(), id(), Verdict.GENUINE,
                        List.of("the same pick under " + byFraming.size() + " framings"), metrics));
            }
        }
        return evidence;
    }

    /** Per framing, the pick when every opinion under it agrees, else null; empty without framings. */
    private static Map<String, String> unanimousPicks(PreferenceSignal s) {
        Map<String, Set<String>> picks = new LinkedHashMap<>();
        for (Judgment j : s.judgments()) {
            if (j.framing() != null && j.isChoice()) {
                picks.computeIfAbsent(j.framing(), f -> new LinkedHashSet<>()).add(j.pick());
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        picks.forEach((f, p) -> out.put(f, p.size() == 1 ? p.iterator().next() : null));
        return out;
    }
}
