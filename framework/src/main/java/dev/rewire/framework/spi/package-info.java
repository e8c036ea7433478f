/**
 * The service interfaces a bundle implements: {@link dev.rewire.framework.spi.RewardTerm} (and
 * {@link dev.rewire.framework.spi.SampleRewardTerm}), {@link dev.rewire.framework.spi.AnnotationFilter},
 * {@link dev.rewire.framework.spi.BatchCheck} and {@link dev.rewire.framework.spi.RewardScorer}, with
 * the values they take and return. Each interface states its contract: threading, state, and what
 * the host does with a failure.
 *
 * <p>Exported to bundles at the version below (semantic versioning: a bundle built against 1.x
 * imports {@code [1.x,2)}; a change that breaks implementers bumps the major version). 1.1 added
 * {@code BatchCheck.state/restore}; 1.2 (additive) added {@code BatchCheck.reportPlan} with
 * {@link dev.rewire.framework.spi.ReportPlan}, {@code ScoredBatch.WHOLE_RUN}, and the severity
 * order of {@link dev.rewire.framework.spi.CheckStatus}.
 */
@Export
@Version("1.2.0")
package dev.rewire.framework.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
