package dev.rewire.runtime.engine.pairs;

import dev.rewire.runtime.engine.pairs.TypeModel.Signal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The signals as the {@link TypeModel}'s fit reads them: indexed by pair and by annotator, with
 * what the design shows of each annotator (the framings they chose under, whether a habit
 * hypothesis reaches them, whether their slips can be told from their non-attitudes). Built once
 * per fit; not changed after.
 */
final class ModelData {

    final List<Signal> signals;
    final int m;
    final int pairs;
    final int annotators;
    final int framings;
    /** Pushes possible under one framing: none, or to or away from each cue. */
    final int options;
    final List<List<Integer>> ofPair = new ArrayList<>();
    final List<List<Integer>> ofAnnotator = new ArrayList<>();
    final boolean[] designIdentified;
    final boolean[][] seen; // annotator x framing: has choices under it
    final boolean[] habitPossible;
    /** Per annotator, their choices and their signals. */
    final int[] choices;
    final int[] signalCounts;

    ModelData(List<Signal> signals, int pairs, int annotators, int framings, int cues) {
        this.signals = signals;
        this.m = signals.size();
        this.pairs = pairs;
        this.annotators = annotators;
        this.framings = Math.max(1, framings);
        this.options = 1 + 2 * cues;
        designIdentified = new boolean[annotators];
        seen = new boolean[annotators][this.framings];
        habitPossible = new boolean[annotators];
        choices = new int[annotators];
        signalCounts = new int[annotators];
        index();
        identifyByDesign();
    }

    /**
     * Some of the signals (their pairs whole), with what the whole batch shows of each annotator:
     * a shard's per-signal and per-pair steps then compute what they would over the whole batch.
     */
    ModelData(List<Signal> signals, int pairs, DesignFacts whole) {
        this.signals = signals;
        this.m = signals.size();
        this.pairs = pairs;
        this.annotators = whole.annotators();
        this.framings = Math.max(1, whole.framings());
        this.options = 1 + 2 * whole.cues();
        for (int p = 0; p < pairs; p++) {
            ofPair.add(new ArrayList<>());
        }
        for (int u = 0; u < annotators; u++) {
            ofAnnotator.add(new ArrayList<>());
        }
        for (int s = 0; s < m; s++) {
            ofPair.get(signals.get(s).pair()).add(s);
            ofAnnotator.get(signals.get(s).annotator()).add(s);
        }
        designIdentified = whole.designIdentified();
        seen = whole.seen();
        habitPossible = whole.habitPossible();
        choices = whole.choices();
        signalCounts = whole.signals();
    }

    /** What these signals show of each annotator, to be merged with the other shards'. */
    DesignFacts facts(int cues) {
        return new DesignFacts(annotators, framings, cues, designIdentified, seen, habitPossible, choices, signalCounts);
    }

    private void index() {
        for (int p = 0; p < pairs; p++) {
            ofPair.add(new ArrayList<>());
        }
        for (int u = 0; u < annotators; u++) {
            ofAnnotator.add(new ArrayList<>());
        }
        for (int s = 0; s < m; s++) {
            Signal sig = signals.get(s);
            ofPair.get(sig.pair()).add(s);
            ofAnnotator.get(sig.annotator()).add(s);
            choices[sig.annotator()] += sig.picks().length;
            signalCounts[sig.annotator()]++;
            for (int f : sig.framing()) {
                seen[sig.annotator()][f] = true;
            }
            if (sig.artifact() != null && Arrays.stream(sig.artifact()).anyMatch(x -> x >= 0)) {
                habitPossible[sig.annotator()] = true;
            }
        }
    }

    /** Some pair has four or more of the annotator's choices, or another annotator's choices. */
    private void identifyByDesign() {
        for (int s = 0; s < m; s++) {
            Signal sig = signals.get(s);
            boolean shared = ofPair.get(sig.pair()).stream().anyMatch(o -> signals.get(o).annotator()
                    != sig.annotator() && signals.get(o).picks().length > 0);
            designIdentified[sig.annotator()] |= sig.picks().length >= 4 || shared;
        }
    }

    /** The framings the annotator chose under, in index order. */
    List<Integer> present(int u) {
        List<Integer> present = new ArrayList<>();
        for (int f = 0; f < framings; f++) {
            if (seen[u][f]) {
                present.add(f);
            }
        }
        return present;
    }

    int choicesOf(int u) {
        return choices[u];
    }
}
