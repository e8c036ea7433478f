package dev.rewire.framework.stats;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Inter- and intra-rater agreement. Stateless; every method is a pure function.
 *
 * <p>Labels are compared by value: numbers of different boxed types that are equal as numbers
 * ({@code Integer} 1, {@code Long} 1, {@code Double} 1.0) are the same label, as they are the
 * same rating to whoever collected them ({@code Integer.equals(Long)} is false, which would
 * count every such pair as a disagreement).
 */
public final class Agreement {

    private Agreement() {
    }

    /** Share of items on which two label sequences agree. */
    public static double percentAgreement(List<?> first, List<?> second) {
        check(first, second);
        int same = 0;
        for (int i = 0; i < first.size(); i++) {
            same += Objects.equals(label(first.get(i)), label(second.get(i))) ? 1 : 0;
        }
        return (double) same / first.size();
    }

    /** Cohen's kappa of two raters on the same items: (p_o - p_e) / (1 - p_e); NaN when p_e = 1. */
    public static double cohenKappa(List<?> first, List<?> second) {
        check(first, second);
        int n = first.size();
        double po = percentAgreement(first, second);
        Map<Object, Integer> c1 = new HashMap<>();
        Map<Object, Integer> c2 = new HashMap<>();
        for (int i = 0; i < n; i++) {
            c1.merge(label(first.get(i)), 1, Integer::sum);
            c2.merge(label(second.get(i)), 1, Integer::sum);
        }
        double pe = 0;
        for (Map.Entry<Object, Integer> e : c1.entrySet()) {
            pe += (double) e.getValue() / n * c2.getOrDefault(e.getKey(), 0) / n;
        }
        return pe == 1 ? Double.NaN : (po - pe) / (1 - pe);
    }

    /**
     * Fleiss' kappa: each unit rated by the same number of raters.
     *
     * @param units per unit, the labels its raters gave
     * @return kappa; NaN without units or with fewer than two raters a unit (agreement undefined),
     *         as {@link #krippendorffNominal} answers where nothing is pairable
     */
    public static double fleissKappa(List<? extends List<?>> units) {
        if (units.isEmpty() || units.get(0).size() < 2) {
            for (List<?> unit : units) {
                if (unit.size() != units.get(0).size()) {
                    throw new IllegalArgumentException("Fleiss' kappa needs the same number of ratings per unit");
                }
            }
            return Double.NaN;
        }
        int raters = units.get(0).size();
        Set<Object> categories = new LinkedHashSet<>();
        units.forEach(u -> u.forEach(l -> categories.add(label(l))));
        double pBar = 0;
        Map<Object, Double> share = new HashMap<>();
        for (List<?> unit : units) {
            if (unit.size() != raters) {
                throw new IllegalArgumentException("Fleiss' kappa needs the same number of ratings per unit");
            }
            Map<Object, Integer> counts = new HashMap<>();
            unit.forEach(l -> counts.merge(label(l), 1, Integer::sum));
            double agree = 0;
            for (Map.Entry<Object, Integer> e : counts.entrySet()) {
                agree += e.getValue() * (e.getValue() - 1.0);
                share.merge(e.getKey(), (double) e.getValue(), Double::sum);
            }
            pBar += agree / (raters * (raters - 1.0));
        }
        pBar /= units.size();
        double pe = 0;
        for (Object c : categories) {
            double p = share.getOrDefault(c, 0.0) / (units.size() * (double) raters);
            pe += p * p;
        }
        return pe == 1 ? Double.NaN : (pBar - pe) / (1 - pe);
    }

    /** Krippendorff's alpha, nominal metric; units may have any number of ratings (missing allowed). */
    public static double krippendorffNominal(List<? extends List<?>> units) {
        return krippendorff(units, (x, y) -> Objects.equals(label(x), label(y)) ? 0 : 1);
    }

    /** Krippendorff's alpha, interval metric (squared difference) on numeric ratings. */
    public static double krippendorffInterval(List<? extends List<? extends Number>> units) {
        return krippendorff(units, (x, y) -> {
            double d = ((Number) x).doubleValue() - ((Number) y).doubleValue();
            return d * d;
        });
    }

    /** A distance between two ratings. */
    @FunctionalInterface
    private interface Distance {
        double between(Object x, Object y);
    }

    /**
     * alpha = 1 - D_o / D_e over the coincidence of pairable values: units with fewer than two
     * ratings are not pairable and drop out.
     */
    private static double krippendorff(List<? extends List<?>> units, Distance delta) {
        List<List<?>> pairable = new ArrayList<>();
        for (List<?> u : units) {
            List<?> present = u.stream().filter(Objects::nonNull).toList();
            if (present.size() >= 2) {
                pairable.add(present);
            }
        }
        double n = 0;
        double observed = 0;
        List<Object> all = new ArrayList<>();
        for (List<?> u : pairable) {
            int m = u.size();
            n += m;
            all.addAll(u);
            double sum = 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    if (i != j) {
                        sum += delta.between(u.get(i), u.get(j));
                    }
                }
            }
            observed += sum / (m - 1);
        }
        double dObserved = observed / n;
        double expected = 0;
        for (int i = 0; i < all.size(); i++) {
            for (int j = 0; j < all.size(); j++) {
                if (i != j) {
                    expected += delta.between(all.get(i), all.get(j));
                }
            }
        }
        double dExpected = expected / (n * (n - 1));
        return dExpected == 0 ? Double.NaN : 1 - dObserved / dExpected;
    }

    /**
     * Circular triads in one judge's complete paired comparisons (Kendall and Babington Smith):
     * {@code d = n(n-1)(2n-1)/12 - 1/2 sum a_i^2} with a_i the wins of item i.
     *
     * @param wins wins per item, over a complete tournament among the n items
     */
    public static double circularTriads(int[] wins) {
        int n = wins.length;
        double sumSquares = 0;
        for (int a : wins) {
            sumSquares += (double) a * a;
        }
        return n * (n - 1.0) * (2 * n - 1.0) / 12 - sumSquares / 2;
    }

    /**
     * Kendall's coefficient of consistence: {@code zeta = 1 - d / d_max}, d_max = (n^3 - n)/24
     * for odd n, (n^3 - 4n)/24 for even n; 1 for a fully transitive judge.
     */
    public static double consistence(int[] wins) {
        int n = wins.length;
        double max = n % 2 == 1 ? (Math.pow(n, 3) - n) / 24 : (Math.pow(n, 3) - 4 * n) / 24;
        return max == 0 ? 1 : 1 - circularTriads(wins) / max;
    }

    /**
     * The value a label stands for: whole and decimal numbers of any boxed type as one
     * {@link BigDecimal} without trailing zeros (NaN and infinities as their double); anything
     * else as it is.
     */
    static Object label(Object x) {
        BigDecimal v = null;
        if (x instanceof Byte || x instanceof Short || x instanceof Integer || x instanceof Long) {
            v = BigDecimal.valueOf(((Number) x).longValue());
        } else if (x instanceof BigInteger b) {
            v = new BigDecimal(b);
        } else if (x instanceof BigDecimal d) {
            v = d;
        } else if (x instanceof Double || x instanceof Float) {
            double d = ((Number) x).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return d;
            }
            v = new BigDecimal(Double.toString(d));
        }
        return v == null ? x : v.stripTrailingZeros();
    }

    private static void check(List<?> first, List<?> second) {
        if (first.size() != second.size() || first.isEmpty()) {
            throw new IllegalArgumentException("two non-empty label sequences of equal length are needed");
        }
    }
}
