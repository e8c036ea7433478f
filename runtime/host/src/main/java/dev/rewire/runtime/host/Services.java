package dev.rewire.runtime.host;

import dev.rewire.framework.spi.AnnotationFilter;
import dev.rewire.framework.spi.BatchCheck;
import dev.rewire.framework.spi.RewardScorer;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.runtime.host.osgi.ServiceCatalog;
import java.time.Duration;
import java.util.function.Consumer;
import org.osgi.framework.BundleContext;

/**
 * The four SPI catalogs the pipeline draws on. The scorer catalog is keyed by the single id
 * {@link #SCORER}: the best-ranked scorer serves.
 */
public record Services(ServiceCatalog<RewardTerm> terms, ServiceCatalog<AnnotationFilter> filters,
                       ServiceCatalog<BatchCheck> checks, ServiceCatalog<RewardScorer> scorers)
        implements AutoCloseable {

    public static final String SCORER = "scorer";
    /** How long a call already inside a replaced service may take before it is released anyway. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** How long a lookup waits for the new version of a service that is being swapped. */
    static final Duration SWAP_GRACE = Duration.ofSeconds(10);

    /** The four catalogs over a started framework's service registry. */
    public static Services over(BundleContext ctx, Consumer<String> log) {
        return new Services(
                new ServiceCatalog<>(ctx, RewardTerm.class, RewardTerm::id, DRAIN_TIMEOUT, SWAP_GRACE, log),
                new ServiceCatalog<>(ctx, AnnotationFilter.class, AnnotationFilter::id, DRAIN_TIMEOUT, SWAP_GRACE, log),
                new ServiceCatalog<>(ctx, BatchCheck.class, BatchCheck::id, DRAIN_TIMEOUT, SWAP_GRACE, log),
                new ServiceCatalog<>(ctx, RewardScorer.class, s -> SCORER, DRAIN_TIMEOUT, SWAP_GRACE, log));
    }

    @Override
    public void close() {
        terms.close();
        filters.close();
        checks.close();
        scorers.close();
    }
}
