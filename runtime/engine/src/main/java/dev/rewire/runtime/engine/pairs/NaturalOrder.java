package dev.rewire.runtime.engine.pairs;

import java.math.BigInteger;
import java.util.Comparator;

/**
 * Names in the order people expect: runs of digits compare as numbers, so {@code ann-2} comes
 * before {@code ann-10}; ties (e.g. {@code a01} and {@code a1}) fall back to plain text order.
 */
final class NaturalOrder implements Comparator<String> {

    static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {
    }

    @Override
    public int compare(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            char cx = x.charAt(i);
            char cy = y.charAt(j);
            if (Character.isDigit(cx) && Character.isDigit(cy)) {
                int ei = digitsEnd(x, i);
                int ej = digitsEnd(y, j);
                int c = new BigInteger(x.substring(i, ei)).compareTo(new BigInteger(y.substring(j, ej)));
                if (c != 0) {
                    return c;
                }
                i = ei;
                j = ej;
            } else {
                if (cx != cy) {
                    return Character.compare(cx, cy);
                }
                i++;
                j++;
            }
        }
        int c = Integer.compare(x.length() - i, y.length() - j);
        return c != 0 ? c : x.compareTo(y);
    }

    private static int digitsEnd(String s, int from) {
        int k = from;
        while (k < s.length() && Character.isDigit(s.charAt(k))) {
            k++;
        }
        return k;
    }
}
