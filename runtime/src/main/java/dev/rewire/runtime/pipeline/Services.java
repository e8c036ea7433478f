package dev.rewire.runtime.pipeline;

import dev.rewire.framework.spi.AnnotationFilter;
import dev.rewire.framework.spi.BatchCheck;
import dev.rewire.framework.spi.RewardScorer;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.runtime.osgi.ServiceCatalog;

/**
 * The four SPI catalogs the pipeline draws on. The scorer catalog is keyed by the single id
 * {@link #SCORER}: the best-ranked scorer serves.
 */
public record Services(ServiceCatalog<RewardTerm> terms, ServiceCatalog<AnnotationFilter> filters,
                       ServiceCatalog<BatchCheck> checks, ServiceCatalog<RewardScorer> scorers) {

    public static final String SCORER = "scorer";
}
