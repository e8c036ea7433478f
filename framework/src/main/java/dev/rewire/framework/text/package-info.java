/**
 * Answer parsing terms share: extracting a final answer ({@code \boxed{}}, {@code <answer>}),
 * normalizing and comparing it, and the RLCR tag format with its stated confidence.
 *
 * <p>Exported to bundles at the version below.
 */
@Export
@Version("1.1.0")
package dev.rewire.framework.text;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
