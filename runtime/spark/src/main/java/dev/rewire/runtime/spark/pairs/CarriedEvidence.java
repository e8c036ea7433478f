package dev.rewire.runtime.spark.pairs;

import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.framework.spi.Hypothesis;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One filter's evidence about one signal, with the bundle version that gave it, as it travels from
 * the executor that ran the filters over the annotator's signals to the one that fits and weighs
 * the signal's pair (the framework's records are not {@link Serializable}). Immutable.
 */
record CarriedEvidence(String signalId, String filterId, Verdict verdict, ArrayList<String> reasons,
                       LinkedHashMap<String, Double> metrics, Verdict hypothesisType, ArrayList<String> hypothesisPicks,
                       String hypothesisCue, String bundle, String version) implements Serializable {

    static CarriedEvidence of(FilterEvidence e, String bundle, String version) {
        Hypothesis h = e.hypothesis();
        return new CarriedEvidence(e.signalId(), e.filterId(), e.verdict(), new ArrayList<>(e.reasons()),
                new LinkedHashMap<>(e.metrics()), h == null ? null : h.type(),
                h == null ? null : new ArrayList<>(h.picks()), h == null ? null : h.cue(), bundle, version);
    }

    FilterEvidence evidence() {
        Hypothesis h = hypothesisType == null ? null : new Hypothesis(hypothesisType, hypothesisPicks, hypothesisCue);
        return new FilterEvidence(signalId, filterId, verdict, reasons, metrics, h);
    }
}
