package dev.rewire.runtime.pages;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * What every page (the check report, the diff page, the pairs page) writes text and numbers with,
 * so that they escape alike and spell a missing number alike. Stateless and thread safe.
 */
public final class Page {

    /** How every page shows a number that is not there (undefined, NaN, infinite or null). */
    public static final String NO_VALUE = "n/a";

    private Page() {
    }

    /**
     * Text escaped for HTML and SVG, in content and in attribute values alike ({@code & < > "});
     * null as the empty text.
     */
    public static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** A number with 4 significant digits ({@code %.4g}); {@link #NO_VALUE} when not finite. */
    public static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : NO_VALUE;
    }

    /** A change with its sign and 4 significant digits ({@code %+.4g}); {@link #NO_VALUE} when not finite. */
    public static String signed(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.4g", v) : NO_VALUE;
    }

    /** A share as a percentage with {@code decimals} digits after the point; {@link #NO_VALUE} when not finite. */
    public static String percent(double share, int decimals) {
        return Double.isFinite(share) ? String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * share) : NO_VALUE;
    }

    /** A number with {@code decimals} digits after the point; {@link #NO_VALUE} when null or not finite. */
    public static String decimals(Double v, int decimals) {
        return v == null || !Double.isFinite(v) ? NO_VALUE : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** A p-value: 3 decimals down to 0.001, then in scientific notation ({@code 1.9e-06}); {@link #NO_VALUE} when undefined. */
    public static String pValue(double p) {
        return !Double.isFinite(p) ? NO_VALUE : p >= 0.001 ? String.format(Locale.ROOT, "%.3f", p)
                : String.format(Locale.ROOT, "%.1e", p);
    }

    /** An axis tick: a whole number as such, else at most 4 significant digits, no exponent, no trailing zeros. */
    public static String tick(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
