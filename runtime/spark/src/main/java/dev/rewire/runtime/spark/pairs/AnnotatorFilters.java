package dev.rewire.runtime.spark.pairs;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PairSignal;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.runtime.engine.FilterStage;
import dev.rewire.runtime.engine.pairs.FitShard;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import scala.Tuple2;

/**
 * The filters over one partition of whole annotators (their signals in input order), on a borrowed
 * host: each signal's evidence goes on to its pair's partition. The deployed filters pool evidence
 * per annotator (retest agreement, position habit, speed runs, framing response, transitivity per
 * annotator and prompt), so an annotator's evidence does not depend on which other annotators share
 * the partition, with one exception this class makes up for: the framing filter says nothing
 * unless the batch it is given shows two framings. A partition whose signals show fewer, in a
 * batch that shows two or more, gets one probe signal (a skip under another framing, from an
 * annotator no input can name), whose evidence is dropped.
 */
final class AnnotatorFilters implements PairFlatMapFunction<Iterator<Tuple2<SignalKey, String>>,
        PairPart.Key, PairPart>, Serializable {

    private static final String PROBE = "\u0000rewire-framing-probe";

    private final PairsHosts hosts;
    private final boolean batchHasFramings;

    /** @param batchHasFramings whether the whole input's judgments name two framings or more */
    AnnotatorFilters(PairsHosts hosts, boolean batchHasFramings) {
        this.hosts = hosts;
        this.batchHasFramings = batchHasFramings;
    }

    @Override
    public Iterator<Tuple2<PairPart.Key, PairPart>> call(Iterator<Tuple2<SignalKey, String>> records) {
        List<SignalKey> keys = new ArrayList<>();
        List<PairSignal> signals = new ArrayList<>();
        while (records.hasNext()) {
            Tuple2<SignalKey, String> r = records.next();
            PreferencePair pair = PairLine.pair(r._2());
            keys.add(r._1());
            signals.add(FitShard.signals(List.of(pair)).get(r._1().position()));
        }
        if (signals.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        List<PairSignal> assessed = new ArrayList<>(signals);
        TreeSet<String> framings = FitShard.framingNames(signals);
        if (batchHasFramings && framings.size() < 2) {
            assessed.add(probe(framings.first()));
        }
        Map<String, ArrayList<CarriedEvidence>> evidenceOf = new LinkedHashMap<>();
        try (PairsHosts.Lease host = hosts.borrow()) {
            for (FilterStage.Assessed a : host.filters().assess(assessed)) {
                evidenceOf.computeIfAbsent(a.evidence().signalId(), k -> new ArrayList<>())
                        .add(CarriedEvidence.of(a.evidence(), a.bundle(), a.version()));
            }
        }
        List<Tuple2<PairPart.Key, PairPart>> out = new ArrayList<>();
        for (int i = 0; i < signals.size(); i++) {
            ArrayList<CarriedEvidence> evidence = evidenceOf.get(signals.get(i).id());
            if (evidence != null) {
                out.add(new Tuple2<>(new PairPart.Key(keys.get(i).pair(), keys.get(i).position()),
                        new PairPart(null, evidence)));
            }
        }
        return out.iterator();
    }

    /** A signal that adds a framing to the partition and nothing else: one skip. */
    private static PairSignal probe(String framing) {
        Judgment skip = new Judgment(PROBE, Judgment.SKIP, 1, null, framing + PROBE, null);
        PreferencePair pair = PreferencePair.builder(PROBE, PROBE).a("a").b("b").judgments(List.of(skip)).build();
        return new PairSignal(pair, PROBE, List.of(skip));
    }
}
