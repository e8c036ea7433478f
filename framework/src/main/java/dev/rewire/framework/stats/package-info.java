/**
 * Statistics terms, filters and checks use: agreement coefficients, exact chance tests, medians and
 * running moments, average ranks.
 *
 * <p>Exported to bundles at the version below.
 */
@Export
@Version("1.2.0")
package dev.rewire.framework.stats;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
