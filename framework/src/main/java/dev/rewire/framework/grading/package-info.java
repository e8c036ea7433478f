/**
 * What "correct" means for an answer, in one place for every term and check that grades:
 * {@link dev.rewire.framework.grading.MathVerifier} reads a final answer out of a completion, parses
 * LaTeX and plain answers into a mathematical form (numbers, expressions, intervals, sets, tuples,
 * relations, matrices, text, multiple-choice letters) and compares meaning, never stripped strings;
 * {@link dev.rewire.framework.grading.AnswerGrading} picks the comparison a domain gets (the math
 * verifier, or SQuAD-style text matching for text domains such as {@code qa}).
 *
 * <p>Exported to bundles at the version below.
 */
@Export
@Version("1.0.0")
package dev.rewire.framework.grading;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
