package dev.rewire.runtime.engine;

import dev.rewire.runtime.host.BundleCalls;

import dev.rewire.framework.model.PreferenceSignal;
import dev.rewire.framework.spi.AnnotationFilter;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.runtime.host.osgi.ServiceCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The judge stage, shared by {@code score}, {@code serve} and {@code pairs}: every deployed
 * annotation filter assesses the signals, each isolated. A filter that throws (an {@code Error}
 * included) because of some signals (those it throws on alone, found by bisection) assesses the
 * others, and those signals get no evidence from it (reported). One that throws on every signal or
 * returns null is left out of this call with the reason reported; one that runs past the deadline
 * is also quarantined until redeployed. The evidence of the other filters stands. Used by one
 * thread at a time.
 */
public final class FilterStage {

    /** One piece of evidence and the bundle version of the filter that gave it. */
    public record Assessed(FilterEvidence evidence, String bundle, String version) {
    }

    private final EveryDeployed<AnnotationFilter> filters;

    public FilterStage(ServiceCatalog<AnnotationFilter> filters, BundleCalls calls, Duration timeout,
                       Consumer<String> report) {
        this.filters = new EveryDeployed<>("filter", filters, calls, timeout, report);
    }

    public List<Assessed> assess(List<? extends PreferenceSignal> signals) {
        List<Assessed> out = new ArrayList<>();
        List<PreferenceSignal> items = List.copyOf(signals);
        for (EveryDeployed.Call<List<FilterEvidence>> call : filters.call(items,
                (filter, part) -> filter.assess(part), PreferenceSignal::id)) {
            if (call.failure() == null) {
                for (FilterEvidence e : call.result()) {
                    out.add(new Assessed(e, call.bundle(), call.version()));
                }
            }
        }
        return out;
    }
}
