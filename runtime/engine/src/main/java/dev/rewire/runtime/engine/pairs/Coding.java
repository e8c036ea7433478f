package dev.rewire.runtime.engine.pairs;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PairSignal;
import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.framework.spi.Hypothesis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Signals and the filters' hypotheses as the {@link TypeModel} reads them: picks coded 0 (a) and
 * 1 (b), framings and cues numbered over the whole batch. A cue is a {@code CONSTRUCTED}
 * hypothesis's named side per judgment (filter and cue name: {@code framing:shorter}); the
 * {@code ARTIFACT} hypothesis is a habit's predicted side. Where two filters offer a habit for the
 * same judgment, the first counts. Built once per batch; not thread safe.
 */
final class Coding {

    /** The framing of judgments that name none. */
    static final String NO_FRAMING = "(none)";

    private final Map<String, List<FilterEvidence>> evidenceOf;
    private final List<String> framings;
    private final Map<String, Integer> framingIndex = new LinkedHashMap<>();
    private final List<String> cues;
    private final Map<String, Integer> cueIndex = new LinkedHashMap<>();

    Coding(List<PairSignal> signals, Map<String, List<FilterEvidence>> evidenceOf) {
        this(framingNames(signals), cueNames(signals, evidenceOf), evidenceOf);
    }

    /**
     * A coding of the batch's framings and cues (each in name order) for some of its signals,
     * with those signals' evidence.
     */
    Coding(Collection<String> framings, Collection<String> cues, Map<String, List<FilterEvidence>> evidenceOf) {
        this.evidenceOf = evidenceOf;
        this.framings = List.copyOf(framings);
        this.framings.forEach(f -> framingIndex.put(f, framingIndex.size()));
        this.cues = List.copyOf(cues);
        this.cues.forEach(c -> cueIndex.put(c, cueIndex.size()));
    }

    /** The framings the signals' judgments name, in name order. */
    static TreeSet<String> framingNames(List<PairSignal> signals) {
        TreeSet<String> names = new TreeSet<>();
        signals.forEach(s -> s.judgments().forEach(j -> names.add(framing(j))));
        return names;
    }

    /** The cues ({@code filter:cue}) the signals' CONSTRUCTED hypotheses name, in name order. */
    static TreeSet<String> cueNames(List<PairSignal> signals, Map<String, List<FilterEvidence>> evidenceOf) {
        TreeSet<String> cueNames = new TreeSet<>();
        for (PairSignal s : signals) {
            for (FilterEvidence e : evidenceOf.getOrDefault(s.id(), List.of())) {
                if (e.hypothesis() != null && e.hypothesis().type() == Verdict.CONSTRUCTED) {
                    cueNames.add(cueName(e));
                }
            }
        }
        return cueNames;
    }

    /** The framings, in the order of the model's framing indices. */
    List<String> framings() {
        return framings;
    }

    /** The cues ({@code filter:cue}), in the order of the model's cue indices. */
    List<String> cues() {
        return cues;
    }

    /** A push in words: "none", "to the shorter", "away from the shorter". */
    String push(int push) {
        if (push == 0) {
            return "none";
        }
        String cue = cues.get((push - 1) / 2);
        String name = cue.substring(cue.indexOf(':') + 1);
        return ((push - 1) % 2 == 0 ? "to the " : "away from the ") + name;
    }

    static String framing(Judgment j) {
        return j.framing() == null ? NO_FRAMING : j.framing();
    }

    private static String cueName(FilterEvidence e) {
        String cue = e.hypothesis().cue();
        return e.filterId() + ":" + (cue == null ? "cue" : cue);
    }

    TypeModel.Signal code(PairSignal s, int pair, int annotator) {
        List<Judgment> js = s.judgments();
        int choices = s.choices();
        int[] picks = new int[choices];
        int[] framing = new int[choices];
        int ties = 0;
        int k = 0;
        for (Judgment j : js) {
            if (j.isChoice()) {
                framing[k] = framingIndex.get(framing(j));
                picks[k++] = side(j.pick());
            } else if (j.pick().equals("tie")) {
                ties++;
            }
        }
        int[][] cueSides = new int[cues.size()][];
        for (int c = 0; c < cueSides.length; c++) {
            cueSides[c] = noSides(choices);
        }
        int[] artifact = null;
        List<FilterEvidence> evidence = evidenceOf.getOrDefault(s.id(), List.of());
        for (FilterEvidence e : evidence) {
            Hypothesis h = e.hypothesis();
            if (h == null || (h.type() != Verdict.CONSTRUCTED && h.type() != Verdict.ARTIFACT)) {
                continue;
            }
            if (h.picks().size() != js.size()) {
                throw new IllegalStateException("filter " + e.filterId() + " predicted " + h.picks().size()
                        + " picks for the " + js.size() + " judgments of signal " + e.signalId());
            }
            int[] into;
            if (h.type() == Verdict.CONSTRUCTED) {
                into = cueSides[cueIndex.get(cueName(e))];
            } else {
                if (artifact == null) {
                    artifact = noSides(choices);
                }
                into = artifact;
            }
            nameSides(into, h, js);
        }
        return new TypeModel.Signal(pair, annotator, picks, ties, framing, cueSides, artifact);
    }

    /** Per choice, no side named yet. */
    private static int[] noSides(int choices) {
        int[] sides = new int[choices];
        Arrays.fill(sides, -1);
        return sides;
    }

    /** The hypothesis's side for each choice no earlier filter named one for. */
    private static void nameSides(int[] into, Hypothesis h, List<Judgment> js) {
        int c = 0;
        for (int j = 0; j < js.size(); j++) {
            if (js.get(j).isChoice()) {
                if (into[c] < 0 && h.picks().get(j) != null) {
                    into[c] = side(h.picks().get(j));
                }
                c++;
            }
        }
    }

    private static int side(String pick) {
        return pick.equals("a") ? 0 : 1;
    }

    /** The framings these signals' choices were made under, in name order. */
    static List<String> framingsOf(List<PairSignal> mine) {
        TreeSet<String> out = new TreeSet<>();
        mine.forEach(s -> s.judgments().stream().filter(Judgment::isChoice).forEach(j -> out.add(framing(j))));
        return new ArrayList<>(out);
    }
}
