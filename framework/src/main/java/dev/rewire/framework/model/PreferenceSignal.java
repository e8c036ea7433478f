package dev.rewire.framework.model;

import java.util.List;

/**
 * Anything human (or AI) judgments were collected on: a scored sample or a preference pair.
 * Annotation filters read signals through this view so that one filter serves both.
 */
public interface PreferenceSignal {

    /** The record's id, unique in its input. */
    String id();

    /** The prompt the signal belongs to. */
    String promptId();

    /** The judgments, in input order; empty, never null. */
    List<Judgment> judgments();
}
