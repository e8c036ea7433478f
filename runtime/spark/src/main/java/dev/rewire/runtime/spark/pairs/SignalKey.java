package dev.rewire.runtime.spark.pairs;

import java.io.Serializable;

/**
 * Where a signal goes for the filters: to its annotator's partition ({@link AnnotatorPartitioner}),
 * in input order there (its pair's index, then its place among the pair's signals), so each
 * annotator's items reach the filters together and in the order a local run passes them.
 */
record SignalKey(String annotator, long pair, int position) implements Comparable<SignalKey>, Serializable {

    @Override
    public int compareTo(SignalKey o) {
        int c = Long.compare(pair, o.pair);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(position, o.position);
        return c != 0 ? c : annotator.compareTo(o.annotator);
    }
}
