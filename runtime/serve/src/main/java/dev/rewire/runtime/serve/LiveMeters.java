package dev.rewire.runtime.serve;

import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * A component's meters whose rows are known only when they are read (one per term, per check, per
 * bundle): bound once like any {@link MeterBinder}, then {@link #refresh refreshed} before each
 * scrape of {@code /metrics}. Implementations are thread safe: a refresh runs on the scraping
 * request's thread while the component goes on working on its own.
 */
interface LiveMeters extends MeterBinder {

    /** Brings the meters' rows up to the component's state now. */
    void refresh();
}
