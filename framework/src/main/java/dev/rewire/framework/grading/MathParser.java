package dev.rewire.framework.grading;

import dev.rewire.framework.grading.Expr.Call;
import dev.rewire.framework.grading.Expr.Constant;
import dev.rewire.framework.grading.Expr.Function;
import dev.rewire.framework.grading.Expr.Neg;
import dev.rewire.framework.grading.Expr.Num;
import dev.rewire.framework.grading.Expr.Power;
import dev.rewire.framework.grading.Expr.Product;
import dev.rewire.framework.grading.Expr.Sum;
import dev.rewire.framework.grading.Expr.Var;
import dev.rewire.framework.grading.MathForm.Bracketed;
import dev.rewire.framework.grading.MathForm.Collection;
import dev.rewire.framework.grading.MathForm.Matrix;
import dev.rewire.framework.grading.MathForm.Relation;
import dev.rewire.framework.grading.MathForm.Scalar;
import dev.rewire.framework.grading.MathForm.Union;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one answer, LaTeX or plain, already cleaned by {@link AnswerText#clean}, into a
 * {@link MathForm}. A recursive-descent reader over the characters: no operator, sign, bracket or
 * relation is ever dropped; what it does not understand is a {@link ParseFailure}, never a guess.
 * Not thread safe (one instance per answer); {@link #parse} is the entry point.
 */
final class MathParser {

    /** The answer is not mathematics this reader understands; the message says where. */
    static final class ParseFailure extends RuntimeException {
        ParseFailure(String message) {
            super(message, null, false, false);
        }
    }

    private static final int MAX_DEPTH = 200;

    private static final Map<String, Function> FUNCTIONS = Map.ofEntries(
            Map.entry("sin", Function.SIN), Map.entry("cos", Function.COS), Map.entry("tan", Function.TAN),
            Map.entry("sec", Function.SEC), Map.entry("csc", Function.CSC), Map.entry("cot", Function.COT),
            Map.entry("arcsin", Function.ASIN), Map.entry("arccos", Function.ACOS), Map.entry("arctan", Function.ATAN),
            Map.entry("sinh", Function.SINH), Map.entry("cosh", Function.COSH), Map.entry("tanh", Function.TANH),
            Map.entry("ln", Function.LN), Map.entry("log", Function.LOG), Map.entry("exp", Function.EXP));

    private static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "epsilon", "varepsilon",
            "zeta", "eta", "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau",
            "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma",
            "Phi", "Psi", "Omega");

    private static final Map<String, String> RELATIONS = Map.ofEntries(
            Map.entry("\\le", "<="), Map.entry("\\leq", "<="), Map.entry("\\leqslant", "<="),
            Map.entry("\\ge", ">="), Map.entry("\\geq", ">="), Map.entry("\\geqslant", ">="),
            Map.entry("\\ne", "!="), Map.entry("\\neq", "!="), Map.entry("\\lt", "<"), Map.entry("\\gt", ">"),
            Map.entry("\\in", "in"), Map.entry("\\approx", "~"), Map.entry("\\equiv", "="));

    private final String s;
    private int pos;
    private int depth;

    private MathParser(String text) {
        this.s = text;
    }

    /** The whole text as one answer: a single form, or a bare comma list as an unordered collection. */
    static MathForm parse(String text) {
        MathParser p = new MathParser(text);
        List<MathForm> items = p.items();
        p.space();
        if (p.pos < p.s.length()) {
            throw new ParseFailure("unexpected '" + p.s.charAt(p.pos) + "' at " + p.pos);
        }
        if (items.isEmpty()) {
            throw new ParseFailure("empty answer");
        }
        return items.size() == 1 ? items.get(0) : new Collection(items, false);
    }

    private List<MathForm> items() {
        List<MathForm> items = new ArrayList<>();
        space();
        if (atClose()) {
            return items;
        }
        items.add(relation());
        while (true) {
            space();
            if (eat(",") || eat(";")) {
                items.add(relation());
            } else {
                return items;
            }
        }
    }

    private boolean atClose() {
        return pos >= s.length() || peekIs(")") || peekIs("]") || peekIs("\\}") || peekIs("}") || peekIs("\\rangle");
    }

    private MathForm relation() {
        enter();
        List<MathForm> operands = new ArrayList<>();
        List<String> operators = new ArrayList<>();
        operands.add(union());
        String op;
        while ((op = relationOperator()) != null) {
            operators.add(op);
            operands.add(union());
        }
        depth--;
        int approx = operators.indexOf("~");
        if (approx == 0 && operators.size() == 1) {
            return operands.get(1); // "x \approx 11": the value
        }
        if (approx > 0) {
            // "x = 1/3 \approx 0.33": what is stated exactly comes before the approximation
            operators = new ArrayList<>(operators.subList(0, approx));
            operands = new ArrayList<>(operands.subList(0, approx + 1));
        }
        return operators.isEmpty() ? operands.get(0) : new Relation(operands, operators);
    }

    private String relationOperator() {
        space();
        for (String two : new String[] {"<=", ">=", "!=", "=<", "=>"}) {
            if (eat(two)) {
                return two.equals("=<") ? "<=" : two.equals("=>") ? ">=" : two;
            }
        }
        if (eat("=")) {
            eat("=");
            return "=";
        }
        if (eat("<")) {
            return "<";
        }
        if (eat(">")) {
            return ">";
        }
        int save = pos;
        String cmd = command();
        if (cmd != null && RELATIONS.containsKey(cmd)) {
            return RELATIONS.get(cmd);
        }
        pos = save;
        return null;
    }

    private MathForm union() {
        MathForm first = additive();
        List<MathForm> members = null;
        while (true) {
            space();
            int save = pos;
            String cmd = command();
            if ("\\cup".equals(cmd)) {
                if (members == null) {
                    members = new ArrayList<>(List.of(first));
                }
                members.add(additive());
            } else {
                pos = save;
                return members == null ? first : new Union(members);
            }
        }
    }

    private MathForm additive() {
        space();
        List<Expr> terms = new ArrayList<>();
        Expr plusMinus = null;
        boolean negate = false;
        if (eat("-")) {
            negate = true;
        } else {
            eat("+");
        }
        MathForm first = multiplicative();
        space();
        if (!negate && !startsAdditive()) {
            return first;
        }
        Expr firstExpr = scalar(first, "a sign");
        terms.add(negate ? new Neg(firstExpr) : firstExpr);
        while (startsAdditive()) {
            if (eatCommand("\\pm") || eat("±")) {
                if (plusMinus != null) {
                    throw new ParseFailure("more than one \\pm");
                }
                plusMinus = scalar(multiplicative(), "\\pm");
            } else if (eatCommand("\\mp")) {
                throw new ParseFailure("\\mp");
            } else if (eat("+")) {
                terms.add(scalar(multiplicative(), "+"));
            } else {
                eat("-");
                terms.add(new Neg(scalar(multiplicative(), "-")));
            }
            space();
        }
        if (plusMinus == null) {
            return new Scalar(terms.size() == 1 ? terms.get(0) : new Sum(terms));
        }
        // a \pm b is the two answers a + b and a - b, in either order
        List<Expr> plus = new ArrayList<>(terms);
        plus.add(plusMinus);
        List<Expr> minus = new ArrayList<>(terms);
        minus.add(new Neg(plusMinus));
        return new Collection(List.of(new Scalar(new Sum(plus)), new Scalar(new Sum(minus))), true);
    }

    private boolean startsAdditive() {
        space();
        return peekIs("+") || (peekIs("-") && !peekIs("->")) || peekIs("\\pm") || peekIs("±") || peekIs("\\mp");
    }

    private MathForm multiplicative() {
        MathForm first = unary();
        List<Expr> factors = null;
        while (true) {
            space();
            Expr next;
            if (eat("*") || eatCommand("\\cdot") || eatCommand("\\times") || eatCommand("\\ast")) {
                next = scalar(unary(), "a product");
            } else if (eat("/") || eatCommand("\\div") || (peekIs(":") && !peekIs(":=") && eat(":"))) {
                // a ratio 7:32 is the quotient 7/32
                next = new Power(scalar(unary(), "a quotient"), Num.of(-1));
            } else if (startsImplicitFactor()) {
                MathForm factor = postfix();
                if (factors == null && mixedNumber(first, factor)) {
                    // 2\frac{1}{2} is two and a half, as MATH writes mixed numbers
                    return new Scalar(new Sum(List.of(((Scalar) first).expr(), ((Scalar) factor).expr())));
                }
                next = scalar(factor, "a product");
            } else {
                break;
            }
            if (factors == null) {
                factors = new ArrayList<>();
                factors.add(scalar(first, "a product"));
            }
            factors.add(next);
        }
        return factors == null ? first : new Scalar(new Product(factors));
    }

    /** A whole number written right before a fraction of whole numbers: a mixed number. */
    private static boolean mixedNumber(MathForm whole, MathForm fraction) {
        return whole instanceof Scalar w && w.expr() instanceof Num n && !n.decimal()
                && n.number().getDenominator().equals(java.math.BigInteger.ONE)
                && fraction instanceof Scalar f && f.expr() instanceof Product p && p.factors().size() == 2
                && p.factors().get(0) instanceof Num top && !top.decimal()
                && p.factors().get(1) instanceof Power den && den.base() instanceof Num bottom && !bottom.decimal()
                && den.exponent() instanceof Num minusOne && minusOne.number().intValue() == -1;
    }

    /** Juxtaposition is multiplication ({@code 2x}, {@code 2\sqrt2}, {@code \frac94\pi}, {@code 3(x+1)}). */
    private boolean startsImplicitFactor() {
        if (pos >= s.length()) {
            return false;
        }
        char c = s.charAt(pos);
        if (Character.isLetter(c) || c == '(' || Character.isDigit(c) || c == '.') {
            return !Character.isDigit(c) || pos == 0 || !Character.isDigit(s.charAt(pos - 1));
        }
        if (c == '{') {
            return true;
        }
        if (c == '\\') {
            int save = pos;
            String cmd = command();
            pos = save;
            return cmd != null && startsPrimaryCommand(cmd);
        }
        return false;
    }

    private static boolean startsPrimaryCommand(String cmd) {
        String name = cmd.substring(1);
        return name.equals("frac") || name.equals("sqrt") || name.equals("pi") || name.equals("infty")
                || name.equals("binom") || name.equals("langle") || FUNCTIONS.containsKey(name) || GREEK.contains(name)
                || name.equals("exp");
    }

    private MathForm unary() {
        enter();
        try {
            space();
            if (eat("-")) {
                return new Scalar(new Neg(scalar(unary(), "a sign")));
            }
            if (eat("+")) {
                return unary();
            }
            return postfix();
        } finally {
            depth--;
        }
    }

    private MathForm postfix() {
        MathForm base = primary();
        for (int applied = 0; ; applied++) {
            if (applied > MAX_DEPTH) {
                throw new ParseFailure("more than " + MAX_DEPTH + " powers or factorials in a row");
            }
            space();
            if (eat("^")) {
                base = new Scalar(new Power(scalar(base, "a power"), exponent()));
            } else if (peekIs("!") && !peekIs("!=") && eat("!")) {
                base = new Scalar(new Call(Function.FACTORIAL, List.of(scalar(base, "a factorial"))));
            } else {
                return base;
            }
        }
    }

    private Expr exponent() {
        enter();
        try {
            return exponentBody();
        } finally {
            depth--;
        }
    }

    private Expr exponentBody() {
        space();
        if (peekIs("{")) {
            return scalar(group(), "an exponent");
        }
        if (eat("-")) {
            return new Neg(exponent());
        }
        if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            return number();
        }
        return scalar(primary(), "an exponent");
    }

    private MathForm primary() {
        enter();
        try {
            space();
            if (pos >= s.length()) {
                throw new ParseFailure("expression ends early");
            }
            char c = s.charAt(pos);
            if (Character.isDigit(c) || (c == '.' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1)))) {
                return new Scalar(number());
            }
            if (c == '(' || c == '[') {
                pos++;
                return bracketed(c);
            }
            if (c == '{') {
                return group();
            }
            if (c == '|') {
                pos++;
                Expr inner = scalar(additive(), "an absolute value");
                expect("|");
                return new Scalar(new Call(Function.ABS, List.of(inner)));
            }
            if (Character.isLetter(c)) {
                return word();
            }
            if (c == '\\') {
                return commandPrimary();
            }
            throw new ParseFailure("unexpected '" + c + "' at " + pos);
        } finally {
            depth--;
        }
    }

    private MathForm bracketed(char open) {
        List<MathForm> items = items();
        space();
        char close;
        if (eat(")")) {
            close = ')';
        } else if (eat("]")) {
            close = ']';
        } else {
            throw new ParseFailure("unclosed '" + open + "'");
        }
        if (items.size() == 1 && ((open == '(' && close == ')') || (open == '[' && close == ']'))
                && items.get(0) instanceof Scalar) {
            return items.get(0); // a parenthesized expression
        }
        if (items.size() == 1 && !(items.get(0) instanceof Scalar)
                && ((open == '(' && close == ')') || (open == '[' && close == ']' && items.get(0) instanceof Matrix))) {
            return items.get(0);
        }
        if (items.isEmpty()) {
            throw new ParseFailure("empty brackets");
        }
        return new Bracketed(open, close, items);
    }

    private MathForm group() {
        expect("{");
        List<MathForm> items = items();
        expect("}");
        if (items.isEmpty()) {
            throw new ParseFailure("empty group");
        }
        return items.size() == 1 ? items.get(0) : new Collection(items, false);
    }

    private MathForm commandPrimary() {
        String cmd = command();
        String name = cmd.substring(1);
        switch (name) {
            case "frac":
                Expr num = argument();
                Expr den = argument();
                return new Scalar(new Product(List.of(num, new Power(den, Num.of(-1)))));
            case "sqrt": {
                Expr degree = null;
                space();
                if (eat("[")) {
                    degree = scalar(additive(), "a root's degree");
                    expect("]");
                }
                Expr radicand = argument();
                Expr exponent = degree == null ? new Product(List.of(Num.of(1), new Power(Num.of(2), Num.of(-1))))
                        : new Power(degree, Num.of(-1));
                return new Scalar(new Power(radicand, exponent));
            }
            case "binom":
                return new Scalar(new Call(Function.BINOMIAL, List.of(argument(), argument())));
            case "pi":
                return new Scalar(Constant.PI);
            case "infty":
            case "infinity":
                return new Scalar(Constant.INFINITY);
            case "emptyset":
            case "varnothing":
                return new Collection(List.of(), true);
            case "reals":
                return new Bracketed('(', ')', List.of(new Scalar(new Neg(Constant.INFINITY)), new Scalar(Constant.INFINITY)));
            case "{": {
                List<MathForm> items = items();
                expect("\\}");
                return new Collection(items, true);
            }
            case "langle": {
                List<MathForm> items = items();
                expect("\\rangle");
                return items.size() == 1 ? items.get(0) : new Bracketed('(', ')', items);
            }
            case "begin":
                return matrix();
            default:
                break;
        }
        if (GREEK.contains(name)) {
            return new Scalar(new Var(subscripted(name)));
        }
        Function f = FUNCTIONS.get(name);
        if (f != null) {
            return new Scalar(function(f));
        }
        throw new ParseFailure("unknown command " + cmd);
    }

    private Expr function(Function f) {
        space();
        Expr power = null;
        Expr base = null;
        if (f == Function.LOG && eat("_")) {
            base = argument();
        }
        space();
        if (eat("^")) {
            power = exponent();
        }
        space();
        Expr arg;
        if (peekIs("(") || peekIs("{")) {
            arg = scalar(primary(), "a function's argument");
        } else {
            // \sin 2x reads as sin(2x): the factors up to the next operator
            List<Expr> factors = new ArrayList<>();
            factors.add(scalar(postfix(), "a function's argument"));
            while (startsImplicitFactor() && !peekIs("(") && !peekIs("\\")) {
                factors.add(scalar(postfix(), "a function's argument"));
            }
            arg = factors.size() == 1 ? factors.get(0) : new Product(factors);
        }
        Expr call = new Call(f, base == null ? List.of(arg) : List.of(arg, base));
        if (f == Function.EXP) {
            call = new Power(Constant.E, arg);
        }
        return power == null ? call : new Power(call, power);
    }

    private MathForm matrix() {
        expect("{");
        int close = s.indexOf('}', pos);
        if (close < 0) {
            throw new ParseFailure("unclosed \\begin");
        }
        String env = s.substring(pos, close).trim();
        pos = close + 1;
        if ((!env.endsWith("matrix") && !env.equals("array")) || env.equals("vmatrix") || env.equals("Vmatrix")) {
            throw new ParseFailure("environment " + env);
        }
        String end = "\\end{" + env + "}";
        int stop = s.indexOf(end, pos);
        if (stop < 0) {
            throw new ParseFailure("unclosed " + env);
        }
        if (env.equals("array")) {
            space();
            if (peekIs("{")) {
                pos = s.indexOf('}', pos) + 1; // the column specification
            }
        }
        String body = s.substring(pos, stop);
        pos = stop + end.length();
        List<List<Expr>> rows = new ArrayList<>();
        for (String row : body.split("\\\\\\\\")) {
            if (row.isBlank()) {
                continue;
            }
            List<Expr> cells = new ArrayList<>();
            for (String cell : row.split("&")) {
                MathForm f = parse(cell);
                cells.add(scalar(f, "a matrix entry"));
            }
            if (!rows.isEmpty() && rows.get(0).size() != cells.size()) {
                throw new ParseFailure("ragged matrix");
            }
            rows.add(cells);
        }
        if (rows.isEmpty()) {
            throw new ParseFailure("empty matrix");
        }
        return new Matrix(rows);
    }

    /** A braced argument, or a single token: {@code \frac12}, {@code \sqrt3}, {@code \frac{a}b}. */
    private Expr argument() {
        space();
        if (peekIs("{")) {
            return scalar(group(), "an argument");
        }
        if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            return Num.parse(String.valueOf(s.charAt(pos++)));
        }
        if (pos < s.length() && Character.isLetter(s.charAt(pos))) {
            return letter(s.charAt(pos++));
        }
        if (peekIs("\\")) {
            return scalar(commandPrimary(), "an argument");
        }
        throw new ParseFailure("missing argument at " + pos);
    }

    private MathForm word() {
        int start = pos;
        while (pos < s.length() && Character.isLetter(s.charAt(pos))) {
            pos++;
        }
        String w = s.substring(start, pos);
        Function f = FUNCTIONS.get(w);
        if (f != null) {
            return new Scalar(function(f));
        }
        switch (w) {
            case "pi":
                return new Scalar(Constant.PI);
            case "inf":
            case "infty":
            case "infinity":
            case "oo":
                return new Scalar(Constant.INFINITY);
            case "sqrt": {
                Expr radicand = argument();
                return new Scalar(new Power(radicand, new Product(List.of(Num.of(1), new Power(Num.of(2), Num.of(-1))))));
            }
            default:
                break;
        }
        if (w.length() == 1) {
            return new Scalar(subscripts(letter(w.charAt(0))));
        }
        // juxtaposed letters are a product of variables: "xy", "2ab"
        List<Expr> factors = new ArrayList<>();
        for (int i = 0; i < w.length(); i++) {
            factors.add(letter(w.charAt(i)));
        }
        factors.set(factors.size() - 1, subscripts(factors.get(factors.size() - 1)));
        return new Scalar(new Product(factors));
    }

    private Expr subscripts(Expr e) {
        if (e instanceof Var v) {
            return new Var(subscripted(v.name()));
        }
        return e;
    }

    private String subscripted(String name) {
        if (!peekIs("_")) {
            return name;
        }
        pos++;
        if (eat("{")) {
            int close = s.indexOf('}', pos);
            if (close < 0) {
                throw new ParseFailure("unclosed subscript");
            }
            String sub = s.substring(pos, close).replace(" ", "");
            pos = close + 1;
            return name + "_" + sub;
        }
        if (pos < s.length()) {
            return name + "_" + s.charAt(pos++);
        }
        throw new ParseFailure("empty subscript");
    }

    private static Expr letter(char c) {
        return switch (c) {
            case 'e' -> Constant.E;
            case 'i' -> Constant.I;
            default -> new Var(String.valueOf(c));
        };
    }

    private Num number() {
        int start = pos;
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            pos++;
        }
        if (pos < s.length() && s.charAt(pos) == '.' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1))) {
            pos++;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
        }
        // 1.5e3, 2E-4: scientific notation only when digits follow the e
        if (pos + 1 < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            int mark = pos + 1;
            if (mark < s.length() && (s.charAt(mark) == '-' || s.charAt(mark) == '+')) {
                mark++;
            }
            if (mark < s.length() && Character.isDigit(s.charAt(mark))
                    && (mark + 1 >= s.length() || !Character.isLetter(s.charAt(mark + 1)))) {
                pos = mark;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
            }
        }
        String digits = s.substring(start, pos);
        if (digits.length() > 400) {
            throw new ParseFailure("number of " + digits.length() + " digits");
        }
        return Num.parse(digits.startsWith(".") ? "0" + digits : digits);
    }

    private static Expr scalar(MathForm form, String where) {
        if (form instanceof Scalar sc) {
            return sc.expr();
        }
        throw new ParseFailure("not a number or expression in " + where);
    }

    private String command() {
        if (!peekIs("\\")) {
            return null;
        }
        int start = pos++;
        if (pos < s.length() && !Character.isLetter(s.charAt(pos))) {
            pos++;
            return s.substring(start, pos);
        }
        while (pos < s.length() && Character.isLetter(s.charAt(pos))) {
            pos++;
        }
        return s.substring(start, pos);
    }

    private boolean eatCommand(String cmd) {
        space();
        if (s.startsWith(cmd, pos) && (pos + cmd.length() >= s.length() || !Character.isLetter(s.charAt(pos + cmd.length())))) {
            pos += cmd.length();
            return true;
        }
        return false;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new ParseFailure("nested deeper than " + MAX_DEPTH);
        }
    }

    private void space() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private boolean peekIs(String t) {
        return s.startsWith(t, pos);
    }

    private boolean eat(String t) {
        space();
        if (s.startsWith(t, pos)) {
            pos += t.length();
            return true;
        }
        return false;
    }

    private void expect(String t) {
        if (!eat(t)) {
            throw new ParseFailure("expected '" + t + "' at " + pos);
        }
    }
}
