package dev.rewire.runtime.spark.pairs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Keyed sums of arrays over the partitions of an RDD, added in partition order whatever order the
 * shuffle delivers them in: the same input and partitioning give the same bits on every run. Each
 * partition holds maps of partial sums; the driver gets one array per key. One key may be a
 * largest value instead, taken element by element.
 */
final class OrderedSums {

    private OrderedSums() {
    }

    static <K> Map<K, double[]> of(JavaRDD<Map<K, double[]>> partials) {
        return of(partials, null);
    }

    /** As {@link #of(JavaRDD)}, with {@code largest}'s arrays the partitions' largest values rather than sums. */
    static <K> Map<K, double[]> of(JavaRDD<Map<K, double[]>> partials, K largest) {
        return partials.mapPartitionsWithIndex((index, maps) -> {
            List<Tuple2<K, Tuple2<Integer, double[]>>> out = new ArrayList<>();
            maps.forEachRemaining(m -> m.forEach((k, v) -> out.add(new Tuple2<>(k, new Tuple2<>(index, v)))));
            return out.iterator();
        }, true).mapToPair(t -> t)
                .combineByKey(OrderedSums::first, OrderedSums::add, OrderedSums::merge)
                .mapToPair(t -> new Tuple2<>(t._1(), t._1().equals(largest) ? largest(t._2()) : sum(t._2())))
                .collectAsMap();
    }

    private static TreeMap<Integer, double[]> first(Tuple2<Integer, double[]> v) {
        TreeMap<Integer, double[]> m = new TreeMap<>();
        return add(m, v);
    }

    private static TreeMap<Integer, double[]> add(TreeMap<Integer, double[]> m, Tuple2<Integer, double[]> v) {
        m.merge(v._1(), v._2(), OrderedSums::plus);
        return m;
    }

    private static TreeMap<Integer, double[]> merge(TreeMap<Integer, double[]> a, TreeMap<Integer, double[]> b) {
        b.forEach((index, v) -> a.merge(index, v, OrderedSums::plus));
        return a;
    }

    private static double[] sum(TreeMap<Integer, double[]> byPartition) {
        Iterator<double[]> parts = byPartition.values().iterator();
        double[] total = parts.next().clone();
        parts.forEachRemaining(p -> {
            for (int i = 0; i < total.length; i++) {
                total[i] += p[i];
            }
        });
        return total;
    }

    private static double[] largest(TreeMap<Integer, double[]> byPartition) {
        double[] max = null;
        for (double[] p : byPartition.values()) {
            if (max == null) {
                max = p.clone();
            } else {
                for (int i = 0; i < max.length; i++) {
                    max[i] = Math.max(max[i], p[i]);
                }
            }
        }
        return max;
    }

    /** Two partial sums of one partition (a partition holds one map, so this is not reached in the job's use). */
    private static double[] plus(double[] a, double[] b) {
        double[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += b[i];
        }
        return out;
    }
}
