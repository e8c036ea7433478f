package dev.rewire.framework.grading;

import dev.rewire.framework.grading.Expr.Constant;
import dev.rewire.framework.grading.Expr.Neg;
import dev.rewire.framework.grading.Expr.Sum;
import dev.rewire.framework.grading.Expr.Var;
import dev.rewire.framework.grading.MathForm.Bracketed;
import dev.rewire.framework.grading.MathForm.Choice;
import dev.rewire.framework.grading.MathForm.Collection;
import dev.rewire.framework.grading.MathForm.Matrix;
import dev.rewire.framework.grading.MathForm.Relation;
import dev.rewire.framework.grading.MathForm.Scalar;
import dev.rewire.framework.grading.MathForm.Text;
import dev.rewire.framework.grading.MathForm.Union;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hipparchus.complex.Complex;
import org.hipparchus.fraction.BigFraction;

/**
 * Whether two parsed answers mean the same. Exact rationals compare exactly; a decimal written
 * against a value that has no finite decimal (1/3, pi, sqrt 2) is equal within a relative
 * {@link #DECIMAL_TOLERANCE}; expressions with variables are compared at fixed sample points and
 * confirmed by the computer-algebra system ({@link SymbolicCheck}), which has the last word when it
 * answers in time. Structure is never relaxed: brackets, order where it matters, relations and
 * their direction all have to agree. Thread safe (stateless apart from the shared symbolic check).
 */
final class Equivalence {

    /** Relative tolerance for a decimal answer against a value with no finite decimal expansion. */
    static final double DECIMAL_TOLERANCE = 1e-6;
    /** Relative tolerance of the sample-point comparison of two formulas (floating-point noise only). */
    static final double POINT_TOLERANCE = 1e-9;

    /** Below this, a numeric difference is floating-point noise (exact rationals never come here). */
    static final double ABSOLUTE_FLOOR = 1e-12;

    /** The variable values the sample-point comparison uses: both signs, irrational-looking, fixed. */
    private static final double[][] POINTS = {
        {0.7315, -1.3791, 2.1187, 0.4429, -0.8861, 1.6043},
        {-1.2473, 0.9119, -0.5617, 1.8833, 0.6271, -2.0359},
        {1.4142, 2.7183, -0.3313, -1.7071, 0.5772, 1.1414},
        {2.3026, -0.6931, 1.0986, 0.3679, -1.4427, 0.8862},
        {-0.4812, 1.2599, 0.7071, -2.2361, 1.7321, -0.9549},
        {0.9033, -1.8171, -1.1547, 1.3333, 2.0801, 0.6124},
    };

    enum Verdict { SAME, DIFFERENT, UNDECIDED }

    /** A verdict and what kind of comparison gave it. */
    record Outcome(Verdict verdict, String compared) {
        boolean same() {
            return verdict == Verdict.SAME;
        }
    }

    private final SymbolicCheck symbolic;

    Equivalence(SymbolicCheck symbolic) {
        this.symbolic = symbolic;
    }

    Outcome compare(MathForm answer, MathForm reference) {
        if (answer instanceof Scalar a && reference instanceof Scalar r) {
            return new Outcome(exprs(a.expr(), r.expr()), a.expr().variables().isEmpty()
                    && r.expr().variables().isEmpty() ? "number" : "expression");
        }
        if (answer instanceof Text a && reference instanceof Text r) {
            return of(a.words().equals(r.words()), "text");
        }
        if (answer instanceof Choice a && reference instanceof Choice r) {
            return of(a.letter() == r.letter(), "choice");
        }
        if (answer instanceof Relation a && reference instanceof Relation r) {
            return relations(a, r);
        }
        // "x = 5" answers "5", and "5" answers "x = 5": a lone variable named on one side
        if (answer instanceof Relation a) {
            return relationAgainst(a, reference, true);
        }
        if (reference instanceof Relation r) {
            return relationAgainst(r, answer, false);
        }
        if (answer instanceof Bracketed a && reference instanceof Bracketed r) {
            String kind = intervalLike(r) || intervalLike(a) ? "interval" : "tuple";
            if (a.open() != r.open() || a.close() != r.close() || a.elements().size() != r.elements().size()) {
                return of(false, kind);
            }
            return inOrder(a.elements(), r.elements(), kind);
        }
        if (answer instanceof Collection a && reference instanceof Collection r) {
            // a set of answers is its distinct elements: \{1,2,2\} is \{1,2\}
            return anyOrder(distinct(a.elements()), distinct(r.elements()), "set");
        }
        if (answer instanceof Union a && reference instanceof Union r) {
            return anyOrder(a.members(), r.members(), "interval");
        }
        if (answer instanceof Matrix a && reference instanceof Matrix r) {
            return matrices(a, r);
        }
        // a vector written as a one-column or one-row matrix, or between parentheses
        if (answer instanceof Matrix a && reference instanceof Bracketed r && vector(a) != null) {
            return relabel(compare(new Bracketed(r.open(), r.close(), vector(a)), r), "matrix");
        }
        if (reference instanceof Matrix r && answer instanceof Bracketed a && vector(r) != null) {
            return relabel(compare(a, new Bracketed(a.open(), a.close(), vector(r))), "matrix");
        }
        // a set of one element and the element itself
        if (answer instanceof Collection a && a.elements().size() == 1 && !(reference instanceof Collection)) {
            return compare(a.elements().get(0), reference);
        }
        if (reference instanceof Collection r && r.elements().size() == 1 && !(answer instanceof Collection)) {
            return compare(answer, r.elements().get(0));
        }
        return of(false, kind(reference));
    }

    /**
     * A relation against a form that is not one: the value it gives a lone variable (or, for a
     * reference, a named quantity such as |AB|), or the interval an inequality describes.
     */
    private Outcome relationAgainst(Relation relation, MathForm other, boolean relationIsAnswer) {
        MathForm value = solvedValue(relation);
        if (value == null && !relationIsAnswer && relation.operators().equals(List.of("="))
                && named(relation.operands().get(0))) {
            // the reference names what it gives the value of ("|AB| = 1"): its right side is the answer
            value = relation.operands().get(1);
        }
        if (value != null) {
            return relabel(relationIsAnswer ? compare(value, other) : compare(other, value), "relation");
        }
        MathForm interval = asInterval(relation);
        if (interval != null && (other instanceof Bracketed || other instanceof Union)) {
            return relabel(relationIsAnswer ? compare(interval, other) : compare(other, interval), "interval");
        }
        return of(false, "relation");
    }

    private static Outcome of(boolean same, String compared) {
        return new Outcome(same ? Verdict.SAME : Verdict.DIFFERENT, compared);
    }

    private static Outcome relabel(Outcome o, String compared) {
        return new Outcome(o.verdict(), compared);
    }

    static String kind(MathForm f) {
        if (f instanceof Scalar s) {
            return s.expr().variables().isEmpty() ? "number" : "expression";
        }
        if (f instanceof Relation) {
            return "relation";
        }
        if (f instanceof Bracketed b) {
            return intervalLike(b) ? "interval" : "tuple";
        }
        if (f instanceof Collection) {
            return "set";
        }
        if (f instanceof Union) {
            return "interval";
        }
        if (f instanceof Matrix) {
            return "matrix";
        }
        if (f instanceof Choice) {
            return "choice";
        }
        return "text";
    }

    private static boolean intervalLike(Bracketed b) {
        if (b.elements().size() != 2) {
            return false;
        }
        return b.open() != '(' || b.close() != ')' || b.elements().stream().anyMatch(Equivalence::infinite);
    }

    private static boolean infinite(MathForm f) {
        return f instanceof Scalar s && infinity(s.expr()) != 0;
    }

    /** +1 for infinity, -1 for minus infinity, 0 for anything else. */
    private static int infinity(Expr e) {
        if (e == Constant.INFINITY) {
            return 1;
        }
        if (e instanceof Neg n) {
            return -infinity(n.operand());
        }
        return 0;
    }

    private Outcome inOrder(List<MathForm> a, List<MathForm> r, String kind) {
        for (int i = 0; i < a.size(); i++) {
            Outcome o = compare(a.get(i), r.get(i));
            if (!o.same()) {
                return new Outcome(o.verdict() == Verdict.UNDECIDED ? Verdict.UNDECIDED : Verdict.DIFFERENT, kind);
            }
        }
        return of(true, kind);
    }

    private List<MathForm> distinct(List<MathForm> elements) {
        List<MathForm> out = new ArrayList<>();
        for (MathForm e : elements) {
            if (out.stream().noneMatch(kept -> compare(e, kept).same())) {
                out.add(e);
            }
        }
        return out;
    }

    /** Multiset equality: every answer element matched to a distinct, equal reference element. */
    private Outcome anyOrder(List<MathForm> a, List<MathForm> r, String kind) {
        if (a.size() != r.size()) {
            return of(false, kind);
        }
        boolean[] used = new boolean[r.size()];
        for (MathForm x : a) {
            boolean found = false;
            for (int j = 0; j < r.size() && !found; j++) {
                if (!used[j] && compare(x, r.get(j)).same()) {
                    used[j] = true;
                    found = true;
                }
            }
            if (!found) {
                return of(false, kind);
            }
        }
        return of(true, kind);
    }

    private Outcome matrices(Matrix a, Matrix r) {
        if (a.rows().size() != r.rows().size() || a.rows().get(0).size() != r.rows().get(0).size()) {
            return of(false, "matrix");
        }
        for (int i = 0; i < a.rows().size(); i++) {
            for (int j = 0; j < a.rows().get(i).size(); j++) {
                Verdict v = exprs(a.rows().get(i).get(j), r.rows().get(i).get(j));
                if (v != Verdict.SAME) {
                    return new Outcome(v == Verdict.UNDECIDED ? Verdict.UNDECIDED : Verdict.DIFFERENT, "matrix");
                }
            }
        }
        return of(true, "matrix");
    }

    private static List<MathForm> vector(Matrix m) {
        List<MathForm> out = new ArrayList<>();
        if (m.rows().size() == 1) {
            m.rows().get(0).forEach(e -> out.add(new Scalar(e)));
        } else if (m.rows().get(0).size() == 1) {
            m.rows().forEach(row -> out.add(new Scalar(row.get(0))));
        } else {
            return null;
        }
        return out;
    }

    /** {@code x = 2 + 2 = 4} as {@code x = 4}: a chain of equalities states its first and last terms. */
    private static Relation reducedChain(Relation r) {
        if (r.operators().size() < 2 || !r.operators().stream().allMatch("="::equals)) {
            return r;
        }
        return new Relation(List.of(r.operands().get(0), r.operands().get(r.operands().size() - 1)), List.of("="));
    }

    /** The value a relation names for a lone variable: {@code x = 5} gives 5, {@code x \in [1,2]} the interval. */
    private static MathForm solvedValue(Relation r) {
        if (r.operators().stream().allMatch("="::equals) && r.operators().size() > 1) {
            return r.operands().get(r.operands().size() - 1); // x = 2 + 2 = 4: the last value is the answer
        }
        String op = r.operators().get(0);
        if (!op.equals("=") && !op.equals("in")) {
            return null;
        }
        MathForm left = r.operands().get(0);
        MathForm right = r.operands().get(1);
        if (loneVariable(left) != null) {
            return right;
        }
        if (op.equals("=") && loneVariable(right) != null) {
            return left;
        }
        return null;
    }

    /** A quantity named by letters alone: a variable, a tuple of variables, |AB|. */
    private static boolean named(MathForm f) {
        if (loneVariable(f) != null) {
            return true;
        }
        if (!(f instanceof Scalar s)) {
            return false;
        }
        Expr e = s.expr() instanceof Expr.Call c && c.function() == Expr.Function.ABS ? c.arguments().get(0) : s.expr();
        return lettersOnly(e);
    }

    /** Letters multiplied or divided: AB, f(x) as read, NO/BO, V_1:V_2. */
    private static boolean lettersOnly(Expr e) {
        if (e instanceof Var) {
            return true;
        }
        if (e instanceof Expr.Power p) {
            return p.base() instanceof Var && p.exponent() instanceof Expr.Num n && n.number().intValue() == -1;
        }
        return e instanceof Expr.Product p && p.factors().stream().allMatch(Equivalence::lettersOnly);
    }

    private static String loneVariable(MathForm f) {
        if (f instanceof Bracketed b && b.open() == '(' && b.close() == ')'
                && b.elements().stream().allMatch(e -> loneVariable(e) != null)) {
            return "tuple"; // (p, q) = (3, 2)
        }
        return f instanceof Scalar s && s.expr() instanceof Var v ? v.name() : null;
    }

    /** {@code x < 3} as {@code (-\infty, 3)}, {@code 1 \le x < 2} as {@code [1, 2)}; null when not of that shape. */
    private static MathForm asInterval(Relation r) {
        List<String> ops = r.operators();
        List<MathForm> xs = r.operands();
        if (ops.size() == 1 && inequality(ops.get(0))) {
            String op = ops.get(0);
            if (loneVariable(xs.get(0)) != null && constant(xs.get(1))) {
                return bound(xs.get(1), op);
            }
            if (loneVariable(xs.get(1)) != null && constant(xs.get(0))) {
                return bound(xs.get(0), flip(op));
            }
            return null;
        }
        if (ops.size() == 2 && inequality(ops.get(0)) && inequality(ops.get(1)) && !constant(xs.get(1))
                && xs.get(1) instanceof Scalar && constant(xs.get(0)) && constant(xs.get(2))) {
            boolean up = ops.get(0).startsWith("<") && ops.get(1).startsWith("<");
            boolean down = ops.get(0).startsWith(">") && ops.get(1).startsWith(">");
            if (up) {
                return new Bracketed(ops.get(0).equals("<=") ? '[' : '(', ops.get(1).equals("<=") ? ']' : ')',
                        List.of(xs.get(0), xs.get(2)));
            }
            if (down) {
                return new Bracketed(ops.get(1).equals(">=") ? '[' : '(', ops.get(0).equals(">=") ? ']' : ')',
                        List.of(xs.get(2), xs.get(0)));
            }
        }
        return null;
    }

    /** The interval of a variable {@code op} value. */
    private static MathForm bound(MathForm value, String op) {
        MathForm minusInfinity = new Scalar(new Neg(Constant.INFINITY));
        MathForm infinity = new Scalar(Constant.INFINITY);
        return switch (op) {
            case "<" -> new Bracketed('(', ')', List.of(minusInfinity, value));
            case "<=" -> new Bracketed('(', ']', List.of(minusInfinity, value));
            case ">" -> new Bracketed('(', ')', List.of(value, infinity));
            default -> new Bracketed('[', ')', List.of(value, infinity));
        };
    }

    private static boolean constant(MathForm f) {
        return f instanceof Scalar s && s.expr().variables().isEmpty();
    }

    private static boolean inequality(String op) {
        return op.equals("<") || op.equals("<=") || op.equals(">") || op.equals(">=");
    }

    private static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> op;
        };
    }

    private Outcome relations(Relation a, Relation r) {
        a = reducedChain(a);
        r = reducedChain(r);
        // x \in [-2, 7] against -2 \le x \le 7: both as the interval they describe
        MathForm aSet = a.operators().equals(List.of("in")) ? solvedValue(a) : asInterval(a);
        MathForm rSet = r.operators().equals(List.of("in")) ? solvedValue(r) : asInterval(r);
        if ((a.operators().contains("in") || r.operators().contains("in")) && aSet != null && rSet != null) {
            return relabel(compare(aSet, rSet), "interval");
        }
        if (a.operators().size() != r.operators().size()) {
            return of(false, "relation");
        }
        if (a.operators().equals(r.operators()) && inOrder(a.operands(), r.operands(), "relation").same()) {
            return of(true, "relation");
        }
        List<String> flipped = new ArrayList<>(a.operators().stream().map(Equivalence::flip).toList());
        Collections.reverse(flipped);
        List<MathForm> reversed = new ArrayList<>(a.operands());
        Collections.reverse(reversed);
        if (flipped.equals(r.operators()) && inOrder(reversed, r.operands(), "relation").same()) {
            return of(true, "relation");
        }
        if (a.operators().size() == 1) {
            // the same relation rearranged: y = 2x + 1 against 2x + 1 - y = 0, x < 3 against 3 > x
            String op = a.operators().get(0);
            String rop = r.operators().get(0);
            Expr da = difference(a);
            Expr dr = difference(r);
            if (da != null && dr != null) {
                if (op.equals(rop) && exprs(da, dr) == Verdict.SAME) {
                    return of(true, "relation");
                }
                boolean symmetric = op.equals("=") || op.equals("!=");
                if ((symmetric ? op.equals(rop) : flip(op).equals(rop)) && exprs(da, new Neg(dr)) == Verdict.SAME) {
                    return of(true, "relation");
                }
                if (op.equals("=") && rop.equals("=") && proportional(da, dr)) {
                    return of(true, "relation"); // x + 2y = 6 is y = -x/2 + 3 multiplied by 2
                }
            }
        }
        return of(false, "relation");
    }

    /** True when {@code a = k b} for one nonzero constant k at every sample point (equations only). */
    private static boolean proportional(Expr a, Expr b) {
        Set<String> vars = new TreeSet<>(a.variables());
        vars.addAll(b.variables());
        if (vars.isEmpty()) {
            return false;
        }
        Complex ratio = null;
        int valid = 0;
        for (double[] row : POINTS) {
            Map<String, Complex> at = pointValues(vars, row, rootOfVariable(a) || rootOfVariable(b));
            try {
                Complex va = a.value(at);
                Complex vb = b.value(at);
                if (!finite(va) || !finite(vb) || vb.norm() < ABSOLUTE_FLOOR) {
                    continue;
                }
                Complex k = va.divide(vb);
                if (ratio == null) {
                    ratio = k;
                } else if (!close(k, ratio, POINT_TOLERANCE)) {
                    return false;
                }
                valid++;
            } catch (ArithmeticException e) {
                // undefined at this point: try the others
            }
        }
        return valid >= 3 && ratio != null && ratio.norm() > ABSOLUTE_FLOOR;
    }

    private static Map<String, Complex> pointValues(Set<String> vars, double[] row, boolean positive) {
        Map<String, Complex> at = new HashMap<>();
        int k = 0;
        for (String v : vars) {
            double x = row[k % row.length] + 0.0137 * (k / row.length);
            at.put(v, new Complex(positive ? Math.abs(x) : x));
            k++;
        }
        return at;
    }

    /**
     * True when a fractional power of a formula in variables occurs: there, writings that agree
     * for positive values ({@code \sqrt[3]{x}^2}, {@code x^{2/3}}) take different branches for
     * negative ones, so such formulas are compared at positive points only.
     */
    private static boolean rootOfVariable(Expr e) {
        if (e instanceof Expr.Power p) {
            org.hipparchus.fraction.BigFraction x = p.exponent().exact();
            boolean fractional = x == null || !x.getDenominator().equals(BigInteger.ONE);
            if (fractional && !p.base().variables().isEmpty()) {
                return true;
            }
            return rootOfVariable(p.base()) || rootOfVariable(p.exponent());
        }
        if (e instanceof Expr.Sum s) {
            return s.terms().stream().anyMatch(Equivalence::rootOfVariable);
        }
        if (e instanceof Expr.Product p) {
            return p.factors().stream().anyMatch(Equivalence::rootOfVariable);
        }
        if (e instanceof Neg n) {
            return rootOfVariable(n.operand());
        }
        if (e instanceof Expr.Call c) {
            return c.arguments().stream().anyMatch(Equivalence::rootOfVariable);
        }
        return false;
    }

    private static Expr difference(Relation r) {
        if (r.operands().get(0) instanceof Scalar left && r.operands().get(1) instanceof Scalar right) {
            return new Sum(List.of(left.expr(), new Neg(right.expr())));
        }
        return null;
    }

    /** Two expressions: exact, then numeric, then symbolic, as the class comment says. */
    Verdict exprs(Expr a, Expr r) {
        if (a.equals(r)) {
            return Verdict.SAME; // the same tree: nothing to compute
        }
        int ia = infinity(a);
        int ir = infinity(r);
        if (ia != 0 || ir != 0) {
            return ia == ir ? Verdict.SAME : Verdict.DIFFERENT;
        }
        Set<String> vars = new TreeSet<>(a.variables());
        vars.addAll(r.variables());
        if (vars.isEmpty()) {
            return constants(a, r);
        }
        int valid = 0;
        for (double[] row : POINTS) {
            Map<String, Complex> at = pointValues(vars, row, rootOfVariable(a) || rootOfVariable(r));
            Complex va;
            Complex vr;
            try {
                va = a.value(at);
                vr = r.value(at);
            } catch (ArithmeticException e) {
                continue;
            }
            if (!finite(va) || !finite(vr)) {
                continue;
            }
            valid++;
            if (!close(va, vr, POINT_TOLERANCE)) {
                return Verdict.DIFFERENT;
            }
        }
        if (valid < 3) {
            return symbolicOr(a, r, Verdict.UNDECIDED);
        }
        return symbolicOr(a, r, Verdict.SAME);
    }

    private Verdict constants(Expr a, Expr r) {
        BigFraction ea = a.exact();
        BigFraction er = r.exact();
        if (ea != null && er != null) {
            if (ea.equals(er)) {
                return Verdict.SAME;
            }
            // 0.333333333 for 1/3: a decimal stands for a value with no finite decimal only within the tolerance
            boolean decimalForRepeating = (a.hasDecimal() && !r.hasDecimal() && !terminates(er))
                    || (r.hasDecimal() && !a.hasDecimal() && !terminates(ea));
            return decimalForRepeating && close(new Complex(ea.doubleValue()), new Complex(er.doubleValue()), DECIMAL_TOLERANCE)
                    ? Verdict.SAME : Verdict.DIFFERENT;
        }
        Complex va;
        Complex vr;
        try {
            va = a.value(Map.of());
            vr = r.value(Map.of());
        } catch (ArithmeticException e) {
            return symbolicOr(a, r, Verdict.UNDECIDED);
        }
        if (!finite(va) || !finite(vr)) {
            return symbolicOr(a, r, Verdict.UNDECIDED);
        }
        if (!close(va, vr, DECIMAL_TOLERANCE)) {
            return Verdict.DIFFERENT;
        }
        if (a.hasDecimal() || r.hasDecimal()) {
            return Verdict.SAME;
        }
        if (!close(va, vr, POINT_TOLERANCE)) {
            return Verdict.DIFFERENT;
        }
        return symbolicOr(a, r, Verdict.SAME);
    }

    private Verdict symbolicOr(Expr a, Expr r, Verdict numeric) {
        Boolean zero = symbolic.isZero(a, r);
        if (zero == null) {
            return numeric;
        }
        return zero ? Verdict.SAME : Verdict.DIFFERENT;
    }

    /** True when the rational has a finite decimal expansion (its reduced denominator is 2^a 5^b). */
    private static boolean terminates(BigFraction f) {
        BigInteger d = f.getDenominator();
        for (BigInteger p : new BigInteger[] {BigInteger.TWO, BigInteger.valueOf(5)}) {
            while (d.mod(p).signum() == 0) {
                d = d.divide(p);
            }
        }
        return d.equals(BigInteger.ONE);
    }

    private static boolean finite(Complex c) {
        return !c.isNaN() && Double.isFinite(c.getReal()) && Double.isFinite(c.getImaginary());
    }

    private static boolean close(Complex a, Complex b, double relative) {
        double scale = Math.max(a.norm(), b.norm());
        double gap = a.subtract(b).norm();
        // an absolute floor for values that are zero up to floating-point noise (sin(pi) is 1.2e-16)
        return gap <= relative * scale || gap <= ABSOLUTE_FLOOR;
    }
}
