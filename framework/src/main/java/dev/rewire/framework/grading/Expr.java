package dev.rewire.framework.grading;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hipparchus.complex.Complex;
import org.hipparchus.fraction.BigFraction;

/**
 * A parsed mathematical expression. Immutable. Three readings of one tree: exact (a rational,
 * when the expression is one), numeric (a complex value at given variable values) and symbolic
 * (the computer-algebra system's input syntax).
 */
sealed interface Expr {

    /** Exponents beyond this are not computed exactly (the value would not fit a reasonable rational). */
    int MAX_EXACT_EXPONENT = 4096;

    /** The exact rational value; null when the expression is not a rational constant. */
    BigFraction exact();

    /** The value with the variables set as given (complex: {@code i} and roots of negatives are values). */
    Complex value(Map<String, Complex> variables);

    /** The expression in the computer-algebra system's syntax, variables renamed through {@code names}. */
    String symbolic(Map<String, String> names);

    /** Collects the free variables. */
    void variables(Set<String> into);

    /** True when a decimal literal (an approximation as written) occurs in the expression. */
    boolean hasDecimal();

    default Set<String> variables() {
        Set<String> out = new TreeSet<>();
        variables(out);
        return out;
    }

    /** A literal number as written: exact, with a flag for a decimal point. */
    record Num(BigFraction number, boolean decimal) implements Expr {
        static Num parse(String digits) {
            BigDecimal d = new BigDecimal(digits);
            boolean decimal = digits.indexOf('.') >= 0 || digits.indexOf('e') >= 0 || digits.indexOf('E') >= 0;
            return new Num(fraction(d), decimal && d.stripTrailingZeros().scale() > 0);
        }

        static Num of(long value) {
            return new Num(new BigFraction(BigInteger.valueOf(value)), false);
        }

        private static BigFraction fraction(BigDecimal d) {
            if (d.scale() <= 0) {
                return new BigFraction(d.toBigIntegerExact());
            }
            return new BigFraction(d.unscaledValue(), BigInteger.TEN.pow(d.scale()));
        }

        @Override
        public BigFraction exact() {
            return number;
        }

        @Override
        public Complex value(Map<String, Complex> variables) {
            return new Complex(number.doubleValue());
        }

        @Override
        public String symbolic(Map<String, String> names) {
            return "(" + number.getNumerator() + "/" + number.getDenominator() + ")";
        }

        @Override
        public void variables(Set<String> into) {
        }

        @Override
        public boolean hasDecimal() {
            return decimal;
        }
    }

    /** A named constant: pi, e, the imaginary unit, infinity. */
    enum Constant implements Expr {
        PI("Pi", new Complex(Math.PI)),
        E("E", new Complex(Math.E)),
        I("I", Complex.I),
        INFINITY("Infinity", new Complex(Double.POSITIVE_INFINITY));

        private final String symbolic;
        private final Complex value;

        Constant(String symbolic, Complex value) {
            this.symbolic = symbolic;
            this.value = value;
        }

        @Override
        public BigFraction exact() {
            return null;
        }

        @Override
        public Complex value(Map<String, Complex> variables) {
            return value;
        }

        @Override
        public String symbolic(Map<String, String> names) {
            return symbolic;
        }

        @Override
        public void variables(Set<String> into) {
        }

        @Override
        public boolean hasDecimal() {
            return false;
        }
    }

    /** A free variable (a letter, a Greek letter, or a subscripted name such as {@code x_1}). */
    record Var(String name) implements Expr {
        @Override
        public BigFraction exact() {
            return null;
        }

        @Override
        public Complex value(Map<String, Complex> variables) {
            Complex v = variables.get(name);
            if (v == null) {
                throw new ArithmeticException("no value for " + name);
            }
            return v;
        }

        @Override
        public String symbolic(Map<String, String> names) {
            return names.computeIfAbsent(name, n -> "rwv" + names.size());
        }

        @Override
        public void variables(Set<String> into) {
            into.add(name);
        }

        @Override
        public boolean hasDecimal() {
            return false;
        }
    }

    /** A sum of terms. */
    record Sum(List<Expr> terms) implements Expr {
        @Override
        public BigFraction exact() {
            BigFraction total = BigFraction.ZERO;
            for (Expr t : terms) {
                BigFraction v = t.exact();
                if (v == null) {
                    return null;
                }
                total = total.add(v);
            }
            return total;
        }

        @Override
        public Complex value(Map<String, Complex> variables) {
            Complex total = Complex.ZERO;
            for (Expr t : terms) {
                total = total.add(t.value(variables));
            }
            return total;
        }

        @Override
        public String symbolic(Map<String, String> names) {
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < terms.size(); i++) {
                b.append(i == 0 ? "" : "+").append(terms.get(i).symbolic(names));
            }
            return b.append(")").toString();
        }

        @Override
        public void variables(Set<String> into) {
            terms.forEach(t -> t.variables(into));
        }

        @Override
        public boolean hasDecimal() {
            return terms.stream().anyMatch(Expr::hasDecimal);
        }
    }

    /** A product of factors (a quotient is a product with a power -1). */
    record Product(List<Expr> factors) implements Expr {
        @Override
        public BigFraction exact() {
            BigFraction total = BigFraction.ONE;
            for (Expr f : factors) {
                BigFraction v = f.exact();
                if (v == null) {
                    return null;
                }
                total = total.multiply(v);
            }
            return total;
        }

        @Override
        public Complex value(Map<String, Complex> variables) {
            Complex total = Complex.ONE;
            for (Expr f : factors) {
                total = total.multiply(f.value(variables));
            }
            return total;
        }

        @Override
        public String symbolic(Map<String, String> names) {
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < factors.size(); i++) {
                b.append(i == 0 ? "" : "*").append(factors.get(i).symbolic(names));
            }
            return b.append(")").toString();
        }

        @Override
        public void variables(Set<String> into) {
            factors.forEach(f -> f.variables(into));
        }

        @Override
        public boolean hasDecimal() {
            return factors.stream().anyMatch(Expr::hasDecimal);
        }
    }

    /** The negation of an expression. */
    record Neg(Expr operand) implements Expr {
        @Override
        public BigFraction exact() {
            BigFraction v = operand.exact();
            return v == null ? null : v.negate();
        }

        @Override
        public Complex value(Map<String, Complex> variables) {
            return operand.value(variables).negate();
        }

        @Override
        public String symbolic(Map<String, String> names) {
            return "(-" + operand.symbolic(names) + ")";
        }

        @Override
        public void variables(Set<String> into) {
            operand.variables(into);
        }

        @Override
        public boolean hasDecimal() {
            return operand.hasDecimal();
        }
    }

    /** A power; a root is a power with a rational exponent, a reciprocal one with exponent -1. */
    record Power(Expr base, Expr exponent) implements Expr {
        @Override
        public BigFraction exact() {
            BigFraction b = base.exact();
            BigFraction e = exponent.exact();
            if (b == null || e == null) {
                return null;
            }
            if (e.getDenominator().equals(BigInteger.ONE)) {
                BigInteger n = e.getNumerator();
                if (n.abs().compareTo(BigInteger.valueOf(MAX_EXACT_EXPONENT)) > 0
                        || (b.getNumerator().bitLength() + b.getDenominator().bitLength()) * n.abs().longValue() > 1 << 16) {
                    return null;
                }
                if (n.signum() < 0) {
                    return b.getNumerator().signum() == 0 ? null : b.pow(-n.intValue()).reciprocal();
                }
                return b.pow(n.intValue());
            }
            // a rational root is exact only when numerator and denominator are perfect powers
            if (e.getDenominator().bitLength() > 8 || b.getNumerator().signum() < 0) {
                return null;
            }
            int root = e.getDenominator().intValue();
            BigInteger num = exactRoot(b.getNumerator(), root);
            BigInteger den = exactRoot(b.getDenominator(), root);
            if (num == null || den == null) {
                return null;
            }
            return new Power(new Num(new BigFraction(num, den), false), new Num(new BigFraction(e.getNumerator()), false)).exact();
        }

        private static BigInteger exactRoot(BigInteger v, int n) {
            if (v.signum() == 0 || v.equals(BigInteger.ONE)) {
                return v;
            }
            BigInteger guess = BigInteger.valueOf(Math.round(Math.pow(v.doubleValue(), 1.0 / n)));
            for (BigInteger c = guess.subtract(BigInteger.ONE); c.compareTo(guess.add(BigInteger.ONE)) <= 0; c = c.add(BigInteger.ONE)) {
                if (c.signum() > 0 && c.pow(n).equals(v)) {
                    return c;
                }
            }
            return null;
        }

        @Override
        public Complex value(Map<String, Complex> variables) {
            // -0.0 as an imaginary part would put a negative base on the far side of log's branch cut
            Complex raw = base.value(variables);
            Complex b = new Complex(raw.getReal() + 0.0, raw.getImaginary() + 0.0);
            Complex e = exponent.value(variables);
            BigFraction exactExponent = exponent.exact();
            if (exactExponent != null && exactExponent.getDenominator().equals(BigInteger.ONE)
                    && exactExponent.getNumerator().bitLength() < 31) {
                return integerPower(b, exactExponent.getNumerator().intValue());
            }
            if (exactExponent != null && b.getImaginary() == 0 && b.getReal() < 0
                    && exactExponent.getDenominator().testBit(0)) {
                // an odd root of a negative real is the real root, as a reader of \sqrt[3]{-8} means it
                double magnitude = Math.pow(-b.getReal(), exactExponent.doubleValue());
                return new Complex(exactExponent.getNumerator().testBit(0) ? -magnitude : magnitude);
            }
            if (b.isZero() && e.getReal() > 0) {
                return Complex.ZERO;
            }
            return b.pow(e);
        }

        private static Complex integerPower(Complex b, int n) {
            if (n < 0) {
                return Complex.ONE.divide(integerPower(b, -n));
            }
            Complex result = Complex.ONE;
            Complex square = b;
            while (n > 0) {
                if ((n & 1) == 1) {
                    result = result.multiply(square);
                }
                square = square.multiply(square);
                n >>= 1;
            }
            return result;
        }

        @Override
        public String symbolic(Map<String, String> names) {
            BigFraction e = exponent.exact();
            if (e != null && e.getNumerator().equals(BigInteger.ONE) && e.getDenominator().testBit(0)
                    && !e.getDenominator().equals(BigInteger.ONE)) {
                return "Surd[" + base.symbolic(names) + "," + e.getDenominator() + "]"; // the real odd root, as value() reads it
            }
            return "Power[" + base.symbolic(names) + "," + exponent.symbolic(names) + "]";
        }

        @Override
        public void variables(Set<String> into) {
            base.variables(into);
            exponent.variables(into);
        }

        @Override
        public boolean hasDecimal() {
            return base.hasDecimal() || exponent.hasDecimal();
        }
    }

    /** A named function of one or more arguments: sin, cos, log (with a base), abs, factorial... */
    record Call(Function function, List<Expr> arguments) implements Expr {
        @Override
        public BigFraction exact() {
            if (function == Function.ABS) {
                BigFraction v = arguments.get(0).exact();
                return v == null ? null : v.abs();
            }
            if (function == Function.FACTORIAL || function == Function.BINOMIAL) {
                Complex v;
                try {
                    v = value(Map.of());
                } catch (ArithmeticException e) {
                    return null; // past what a double holds, or not a whole number
                }
                double r = v.getReal();
                if (v.getImaginary() == 0 && r == Math.rint(r) && Math.abs(r) < 1e15) {
                    return new BigFraction(BigInteger.valueOf((long) r));
                }
            }
            return null;
        }

        @Override
        public Complex value(Map<String, Complex> variables) {
            Complex x = arguments.get(0).value(variables);
            return switch (function) {
                case SIN -> x.sin();
                case COS -> x.cos();
                case TAN -> x.tan();
                case SEC -> Complex.ONE.divide(x.cos());
                case CSC -> Complex.ONE.divide(x.sin());
                case COT -> Complex.ONE.divide(x.tan());
                case ASIN -> x.asin();
                case ACOS -> x.acos();
                case ATAN -> x.atan();
                case SINH -> x.sinh();
                case COSH -> x.cosh();
                case TANH -> x.tanh();
                case LN -> x.log();
                case LOG -> arguments.size() > 1 ? x.log().divide(arguments.get(1).value(variables).log())
                        : x.log().divide(Math.log(10));
                case EXP -> x.exp();
                case ABS -> new Complex(x.norm());
                case FACTORIAL -> factorial(x);
                case BINOMIAL -> factorial(x).divide(factorial(arguments.get(1).value(variables))
                        .multiply(factorial(x.subtract(arguments.get(1).value(variables)))));
            };
        }

        private static Complex factorial(Complex x) {
            double r = x.getReal();
            if (x.getImaginary() != 0 || r < 0 || r != Math.rint(r) || r > 170) {
                throw new ArithmeticException("factorial of " + x);
            }
            double f = 1;
            for (int k = 2; k <= r; k++) {
                f *= k;
            }
            return new Complex(f);
        }

        @Override
        public String symbolic(Map<String, String> names) {
            StringBuilder b = new StringBuilder(function.symbolic).append('[');
            for (int i = 0; i < arguments.size(); i++) {
                b.append(i == 0 ? "" : ",").append(arguments.get(i).symbolic(names));
            }
            if (function == Function.LOG) {
                // Symja's Log[x, b] is log base b of x written Log[b, x]
                return arguments.size() > 1
                        ? "Log[" + arguments.get(1).symbolic(names) + "," + arguments.get(0).symbolic(names) + "]"
                        : "Log[10," + arguments.get(0).symbolic(names) + "]";
            }
            return b.append(']').toString();
        }

        @Override
        public void variables(Set<String> into) {
            arguments.forEach(a -> a.variables(into));
        }

        @Override
        public boolean hasDecimal() {
            return arguments.stream().anyMatch(Expr::hasDecimal);
        }
    }

    /** The functions the parser knows, with their computer-algebra names. */
    enum Function {
        SIN("Sin"), COS("Cos"), TAN("Tan"), SEC("Sec"), CSC("Csc"), COT("Cot"),
        ASIN("ArcSin"), ACOS("ArcCos"), ATAN("ArcTan"), SINH("Sinh"), COSH("Cosh"), TANH("Tanh"),
        LN("Log"), LOG("Log"), EXP("Exp"), ABS("Abs"), FACTORIAL("Factorial"), BINOMIAL("Binomial");

        final String symbolic;

        Function(String symbolic) {
            this.symbolic = symbolic;
        }
    }
}
