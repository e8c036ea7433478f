/**
 * The sample-side model a bundle reads: {@link dev.rewire.framework.model.Sample} (build one with
 * {@link dev.rewire.framework.model.Sample#builder}), {@link dev.rewire.framework.model.Group}, the
 * judgments and preference signals filters assess, and the filters' {@link dev.rewire.framework.model.Verdict}.
 * Output records and JSON codecs are host-only and not exported.
 *
 * <p>Exported to bundles at the version below. 1.1 (additive): {@code Verdict.severity},
 * {@code Verdict.MOST_SEVERE_FIRST}, {@code Verdict.moreSevere}.
 */
@Export
@Version("1.1.0")
package dev.rewire.framework.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
