package dev.rewire.runtime.spark.pairs;

import dev.rewire.runtime.engine.FilterStage;
import dev.rewire.runtime.host.policy.CompiledPolicy;
import java.io.Serializable;

/**
 * Where an executor task gets a started host (the shipped bundles and policy) for the filters and
 * the policy: one borrowed per partition and given back after, as the score job does.
 */
public interface PairsHosts extends Serializable {

    /** A borrowed host; closing gives it back. */
    interface Lease extends AutoCloseable {

        /** The deployed annotation filters, with the command's term deadline; what they report goes to stderr. */
        FilterStage filters();

        CompiledPolicy policy();

        @Override
        void close();
    }

    Lease borrow();
}
