package dev.rewire.runtime.pipeline;

import dev.rewire.framework.model.PreferenceSignal;
import dev.rewire.framework.spi.AnnotationFilter;
import dev.rewire.framework.spi.FilterEvidence;
import dev.rewire.runtime.osgi.Lease;
import dev.rewire.runtime.osgi.ServiceCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The judge stage, shared by {@code score}, {@code serve} and {@code pairs}: every deployed
 * annotation filter assesses the signals, each isolated. A filter that throws (an {@code Error}
 * included) or returns null is left out of this call with the reason reported; one that runs past
 * the deadline is also quarantined until redeployed. The evidence of the others stands. Used by one
 * thread at a time.
 */
public final class FilterStage {

    /** One piece of evidence and the bundle version of the filter that gave it. */
    public record Assessed(FilterEvidence evidence, String bundle, String version) {
    }

    private final ServiceCatalog<AnnotationFilter> filters;
    private final BundleCalls calls;
    private final Duration timeout;
    private final Consumer<String> report;

    public FilterStage(ServiceCatalog<AnnotationFilter> filters, BundleCalls calls, Duration timeout,
                       Consumer<String> report) {
        this.filters = filters;
        this.calls = calls;
        this.timeout = timeout;
        this.report = report;
    }

    public List<Assessed> assess(List<? extends PreferenceSignal> signals) {
        List<Assessed> out = new ArrayList<>();
        for (Lease<AnnotationFilter> lease : filters.acquireAll()) {
            String who = "filter " + lease.id() + " (" + lease.bundle() + " " + lease.version() + ")";
            try (lease) {
                List<FilterEvidence> evidence = calls.within(timeout, () -> lease.service().assess(signals));
                if (evidence == null) {
                    report.accept(who + " returned null; its evidence is missing");
                    continue;
                }
                for (FilterEvidence e : evidence) {
                    out.add(new Assessed(e, lease.bundle(), lease.version()));
                }
            } catch (TimeoutException e) {
                filters.quarantine(lease, "timeout after " + timeout.toMillis() + " ms");
            } catch (ExecutionException e) {
                report.accept(who + " threw " + e.getCause() + "; its evidence is missing");
            }
        }
        return out;
    }
}
