package dev.rewire.runtime.spark.pairs;

import java.io.Serializable;
import java.util.ArrayList;

/**
 * What a pair's partition gathers of a pair: its text (position -1, first), then each of its
 * signals' evidence from the filters (the signal's position among the pair's signals).
 *
 * @param pairText the pair's JSON text, or null for evidence
 * @param evidence a signal's evidence, in the order the filters gave it, or null for the text
 */
record PairPart(String pairText, ArrayList<CarriedEvidence> evidence) implements Serializable {

    /** The pair's index in the input, and -1 for its text or its signal's position. */
    record Key(long pair, int position) implements Comparable<Key>, Serializable {

        @Override
        public int compareTo(Key o) {
            int c = Long.compare(pair, o.pair);
            return c != 0 ? c : Integer.compare(position, o.position);
        }
    }
}
