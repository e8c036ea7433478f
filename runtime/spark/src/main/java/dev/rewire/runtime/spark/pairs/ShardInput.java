package dev.rewire.runtime.spark.pairs;

import dev.rewire.framework.model.PreferencePair;
import dev.rewire.framework.spi.FilterEvidence;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import scala.Tuple2;

/**
 * One partition's whole pairs, in input order, with their signals' evidence: what the fit's shard
 * is coded from and what its pairs are weighed from at the end. Immutable once gathered.
 */
final class ShardInput implements Serializable {

    private final ArrayList<String> pairTexts = new ArrayList<>();
    private final HashMap<String, ArrayList<CarriedEvidence>> evidence = new HashMap<>();

    /** Gathers a partition's parts, sorted by {@link PairPart.Key}: each pair's text, then its signals' evidence. */
    static ShardInput gather(Iterator<Tuple2<PairPart.Key, PairPart>> parts) {
        ShardInput in = new ShardInput();
        while (parts.hasNext()) {
            PairPart part = parts.next()._2();
            if (part.pairText() != null) {
                in.pairTexts.add(part.pairText());
            } else {
                for (CarriedEvidence e : part.evidence()) {
                    in.evidence.computeIfAbsent(e.signalId(), k -> new ArrayList<>()).add(e);
                }
            }
        }
        return in;
    }

    List<PreferencePair> pairs() {
        List<PreferencePair> pairs = new ArrayList<>(pairTexts.size());
        pairTexts.forEach(t -> pairs.add(PairLine.pair(t)));
        return pairs;
    }

    /** The filters' evidence per signal id, each signal's in the order the filters gave it. */
    Map<String, List<FilterEvidence>> evidenceOf() {
        Map<String, List<FilterEvidence>> out = new HashMap<>();
        evidence.forEach((id, list) -> out.put(id, list.stream().map(CarriedEvidence::evidence).toList()));
        return out;
    }

    /** The bundles that gave evidence here, with their versions. */
    TreeMap<String, String> bundles() {
        TreeMap<String, String> bundles = new TreeMap<>();
        evidence.values().forEach(list -> list.forEach(e -> bundles.put(e.bundle(), e.version())));
        return bundles;
    }

    int size() {
        return pairTexts.size();
    }
}
