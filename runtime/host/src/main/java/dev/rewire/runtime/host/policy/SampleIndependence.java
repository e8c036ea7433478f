package dev.rewire.runtime.host.policy;

import dev.rewire.framework.policy.SampleFact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.EntryPointDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.ast.descr.WindowReferenceDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

/**
 * What a policy's rules read of a sample, proven from their source when the policy is compiled:
 * either that every sample is decided from its own {@link SampleFact} alone (and the batch-level
 * facts), together with the properties of it the rules read, or why that cannot be shown.
 *
 * <p>When it is proven, two samples whose read properties are equal get the same routes, so
 * {@link CompiledPolicy} decides one sample per class of equal reads and gives its routes to the
 * others (a 256-sample batch of the default policy is a dozen or so classes). The proof is
 * syntactic and conservative; a rule it cannot follow makes the policy decide every sample, as
 * before, and {@link #reason()} names the rule. A rule that may <em>see</em> samples (it matches
 * a {@code SampleFact} or a {@code Route}) must:
 * <ul>
 *   <li>be a plain conjunction of patterns of {@code SampleFact}, {@code Route}, {@code BatchContext}
 *       and {@code CheckOutcome}, with at most one {@code SampleFact} and one {@code Route}, no
 *       {@code not}/{@code exists}/{@code accumulate}/{@code from}/{@code eval}/{@code or}, no group
 *       attribute (an activation group fires once across samples) and no timer;</li>
 *   <li>join its {@code Route} to its {@code SampleFact} by {@code sampleId == $s.id} when it has
 *       both (any other pairing would join two samples);</li>
 *   <li>in its action, only insert routes made for its sample ({@code insert(new Route($s.getId(), ...))}),
 *       rescale or reweight the matched route, and call pure functions of what it matched: no other
 *       insert, modify, delete, global, or assignment to anything outside the action.</li>
 * </ul>
 * A rule that sees no sample may do anything but mention {@code Route} or {@code SampleFact}.
 * Reads of a sample's identity ({@code id}, a route's {@code sampleId}, {@code this}, the
 * SampleFact passed whole to a function) are not refused: they put every property into the class
 * key, so each sample is its own class and the decision is the full session's. Immutable.
 *
 * @param reads  the SampleFact properties the rules read (the class key), in name order; empty
 *               when not proven
 * @param reason why the rules could not be shown to decide each sample on its own (the file and
 *               rule), or null when they were
 * @param rememberable whether decisions may be remembered across batches ({@link DecisionMemo}): no
 *               rule names {@code BatchContext} (its index and size change with every batch), and the
 *               rules that see no sample, which a remembered decision does not run again, only insert
 *               batch actions or classifications and call nothing but pure functions
 */
public record SampleIndependence(List<String> reads, String reason, boolean rememberable) {

    /**
     * Every property a rule can read of a SampleFact, by its DRL name. A property added to
     * SampleFact must be added here: {@code SampleIndependenceTest} fails until it is.
     */
    static final Map<String, Function<SampleFact, Object>> PROPERTIES = properties();

    private static final Set<String> BATCH_FACTS = Set.of("BatchContext", "CheckOutcome");
    /**
     * The fact types a pattern over the working memory may name: Rewire's own (all final, so none
     * matches a sample but SampleFact) and the policy's declared types. A pattern of any other type
     * ({@code Object}, an interface) could match samples without naming them.
     */
    private static final Set<String> FACT_TYPES = Set.of("SampleFact", "Route", "BatchContext", "CheckOutcome",
            "BatchAction", "Classification", "SignalFact", "EvidenceFact", "TypePosterior", "ShadowStanding",
            "ShadowAction");
    /** Attributes that keep a rule's firing per activation; any other one may tie samples together. */
    private static final Set<String> PER_ACTIVATION_ATTRIBUTES = Set.of("salience", "no-loop", "dialect", "enabled");
    /** DRL operators and literals that may stand unqualified in a condition. */
    private static final Set<String> OPERATORS = Set.of("in", "not", "matches", "contains", "memberOf", "soundslike",
            "str", "excludes", "null", "true", "false", "instanceof", "new");
    /** What a route tells of itself without naming its sample. */
    private static final Set<String> ROUTE_PROPERTIES = Set.of("term", "weight", "rules", "steps", "decidedBy");
    /** Methods a fact pattern may call unqualified, on its own fact, that read no more than it names. */
    private static final Set<String> FACT_METHODS = Set.of("metric", "decidedBy", "deployed", "toString", "hashCode",
            "equals");
    private static final Pattern CALL_NAME = Pattern.compile("([A-Za-z_][\\w$]*)\\s*\\(");
    private static final Pattern IDENTIFIER = Pattern.compile("\\$?[A-Za-z_][A-Za-z0-9_$]*");
    /** String and character literals, and comments, found in one pass from the left (a "//" inside quotes is text). */
    private static final Pattern LITERAL_OR_COMMENT = Pattern.compile(
            "\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|//[^\\n]*|#[^\\n]*|/\\*(?s:.*?)\\*/");
    private static final Pattern RULE_NAME = Pattern.compile("drools\\s*\\.\\s*getRule\\s*\\(\\s*\\)\\s*\\.\\s*getName\\s*\\(\\s*\\)");
    private static final Pattern OUTER_ASSIGNMENT = Pattern.compile("[\\w$]+\\s*\\.\\s*[\\w$.]+\\s*(?:[-+*/%&|^]?=(?!=)|\\+\\+|--)");
    private static final Set<String> SIDE_EFFECTS = Set.of("insert", "insertLogical", "modify", "update", "delete",
            "retract", "drools", "kcontext", "System", "Thread");
    /** Calls an action may make that act on nothing but their arguments (or, for scale and reweight, the matched route). */
    private static final Set<String> PURE_CALLS = Set.of("scale", "reweight", "decidedBy", "format", "valueOf",
            "min", "max", "abs", "sqrt", "log", "exp", "pow", "floor", "ceil", "round", "signum", "equals",
            "contains", "startsWith", "endsWith", "length", "size", "isEmpty", "metric", "toString");

    /** Decided sample by sample: the class key is what the rules read. */
    static SampleIndependence proven(Set<String> reads, boolean rememberable) {
        return new SampleIndependence(List.copyOf(new TreeSet<>(reads)), null, rememberable);
    }

    /** Not proven (or not to be used): every sample is decided in the session, as written. */
    public static SampleIndependence refused(String reason) {
        return new SampleIndependence(List.of(), reason, false);
    }

    public boolean isProven() {
        return reason == null;
    }

    /** The values of the read properties of one sample: equal keys, equal decisions. */
    List<Object> classKey(SampleFact fact) {
        List<Object> key = new ArrayList<>(reads.size());
        for (String property : reads) {
            key.add(PROPERTIES.get(property).apply(fact));
        }
        return key;
    }

    /**
     * Analyses the policy files (name and text, in the order they compile).
     */
    public static SampleIndependence of(Map<String, String> files) {
        Set<String> reads = new TreeSet<>();
        boolean rememberable = true;
        Set<String> made = madeByActions(files.values());
        for (Map.Entry<String, String> file : files.entrySet()) {
            PackageDescr pkg;
            try {
                DrlParser parser = new DrlParser();
                pkg = parser.parse(false, file.getValue());
                if (parser.hasErrors() || pkg == null) {
                    return refused(file.getKey() + ": not parsed for analysis");
                }
            } catch (DroolsParserException | RuntimeException e) {
                return refused(file.getKey() + ": not parsed for analysis (" + e.getMessage() + ")");
            }
            Set<String> globals = new TreeSet<>();
            for (GlobalDescr g : pkg.getGlobals()) {
                globals.add(g.getIdentifier());
            }
            Set<String> declared = new TreeSet<>();
            for (TypeDeclarationDescr t : pkg.getTypeDeclarations()) {
                declared.add(simpleName(t.getTypeName()));
            }
            List<AttributeDescr> packageAttributes = pkg.getAttributes();
            for (RuleDescr rule : pkg.getRules()) {
                rememberable &= !mentions(rule, file.getValue(), "BatchContext");
                String untyped = unknownFactType(rule, declared);
                if (untyped != null) {
                    return refused(file.getKey() + ", " + (rule.isQuery() ? "query" : "rule") + " \"" + rule.getName()
                            + "\": it matches facts of type " + untyped + ", which could be samples");
                }
                boolean seesSamples = seesSamples(rule, file.getValue());
                if (rule.isQuery()) {
                    if (seesSamples) {
                        return refused(file.getKey() + ", query \"" + rule.getName() + "\": it matches samples");
                    }
                    continue;
                }
                if (!seesSamples && !inertBesideSamples(rule, made)) {
                    rememberable &= batchRuleIsPure(rule, file.getValue(), globals);
                }
                String refusal = seesSamples ? analyse(rule, packageAttributes, globals, reads) : sampleBlind(rule);
                if (refusal != null) {
                    return refused(file.getKey() + ", rule \"" + rule.getName() + "\": " + refusal);
                }
            }
        }
        return proven(reads, rememberable);
    }

    /** A rule that matches no sample may do anything but make or read routes or samples. */
    private static String sampleBlind(RuleDescr rule) {
        for (String word : words(code(String.valueOf(rule.getConsequence())))) {
            if (isSampleType(word)) {
                return "its action makes or reads " + word + " facts without matching a sample";
            }
        }
        return null;
    }

    /** Adds what one rule that sees samples reads of them to {@code reads}; a reason when it may tie samples together. */
    private static String analyse(RuleDescr rule, List<AttributeDescr> packageAttributes, Set<String> globals,
                                  Set<String> reads) {
        String action = code(String.valueOf(rule.getConsequence()));
        List<PatternDescr> patterns = new ArrayList<>();
        if (!patternsOf(rule.getLhs(), patterns)) {
            return "it matches samples through not, exists, accumulate, from, eval or or";
        }
        if (rule.getParentName() != null || !rule.getNamedConsequences().isEmpty()) {
            return "it extends a rule or has named consequences";
        }
        List<AttributeDescr> attributes = new ArrayList<>(packageAttributes);
        attributes.addAll(rule.getAttributes().values());
        for (AttributeDescr a : attributes) {
            if (!PER_ACTIVATION_ATTRIBUTES.contains(a.getName())) {
                return "attribute " + a.getName() + " may tie the samples' firings together";
            }
            if (a.getName().equals("salience") && !a.getValue().trim().matches("-?\\d+")) {
                return "its salience is an expression";
            }
            if (a.getName().equals("enabled") && !a.getValue().trim().matches("true|false")) {
                return "its enabled attribute is an expression";
            }
        }
        PatternDescr sample = null;
        PatternDescr route = null;
        for (PatternDescr p : patterns) {
            String type = simpleName(p.getObjectType());
            if (p.getSource() != null || p.isQuery()) {
                return "pattern " + type + " takes its facts from accumulate, collect, from or a query";
            }
            if (type.equals("SampleFact")) {
                if (sample != null) {
                    return "it matches two samples";
                }
                sample = p;
            } else if (type.equals("Route")) {
                if (route != null) {
                    return "it matches two routes";
                }
                route = p;
            } else if (!BATCH_FACTS.contains(type)) {
                return "it matches " + type + " facts beside a sample";
            }
        }
        String sampleVar = sample == null ? null : sample.getIdentifier();
        String routeVar = route == null ? null : route.getIdentifier();
        for (PatternDescr p : patterns) {
            List<String> constraints = new ArrayList<>();
            for (BaseDescr c : p.getDescrs()) {
                if (!(c instanceof ExprConstraintDescr e)) {
                    return "a constraint of " + simpleName(p.getObjectType()) + " is not an expression";
                }
                constraints.add(code(e.getExpression()));
            }
            if (p == route && sample != null) {
                if (sampleVar == null || !constraints.removeIf(c -> isSampleJoin(c, sampleVar))) {
                    return "its Route is not joined to its SampleFact by sampleId == " + (sampleVar == null ? "$s" : sampleVar) + ".id";
                }
            }
            for (String c : constraints) {
                String foreign = foreignCall(c);
                if (foreign != null) {
                    return "its condition calls " + foreign + "(...), which may depend on more than the sample";
                }
                if (p == sample) {
                    readProperties(c, reads);
                } else if (p == route) {
                    readRoute(c, reads);
                }
                readThroughVariable(c, sampleVar, reads);
                if (p != route) {
                    readRouteId(c, routeVar, reads);
                }
            }
        }
        String actionWithoutRouteInserts = sampleVar == null ? action
                : action.replaceAll("insert\\s*\\(\\s*new\\s+Route\\s*\\(\\s*" + Pattern.quote(sampleVar)
                        + "\\s*\\.\\s*(?:getId\\s*\\(\\s*\\)|id)\\s*,", "(new Route(");
        String rest = RULE_NAME.matcher(actionWithoutRouteInserts).replaceAll("\"\"");
        String impure = impureAction(rest, globals);
        if (impure != null) {
            return impure;
        }
        readThroughVariable(rest, sampleVar, reads);
        readRouteId(rest, routeVar, reads);
        return null;
    }

    /** {@code new Foo(...)}: a constructor call, not a method. */
    private static boolean isType(String name, String code, int at) {
        return Character.isUpperCase(name.charAt(0)) && code.substring(0, at).matches("(?s).*\\bnew\\s+$");
    }

    /** The types the policy's actions make ({@code new Type(}): what a rule may find beside the facts it was given. */
    private static Set<String> madeByActions(java.util.Collection<String> sources) {
        Set<String> made = new TreeSet<>();
        Pattern construct = Pattern.compile("\\bnew\\s+([\\w.]+)\\s*\\(");
        for (String source : sources) {
            Matcher m = construct.matcher(code(source));
            while (m.find()) {
                made.add(simpleName(m.group(1)));
            }
        }
        return made;
    }

    /**
     * Whether a rule cannot fire where decisions are remembered (a batch of samples, check outcomes
     * and the batch context only): its condition needs a fact of a type that is none of those and
     * that no action makes (a pairs rule's SignalFact).
     */
    private static boolean inertBesideSamples(RuleDescr rule, Set<String> made) {
        return needsAbsentFact(rule.getLhs(), made);
    }

    /** Whether a conjunction has, among its own elements (whatever else it holds: not, exists...), a pattern no fact can match. */
    private static boolean needsAbsentFact(AndDescr and, Set<String> made) {
        for (BaseDescr d : and.getDescrs()) {
            if (d instanceof AndDescr nested && needsAbsentFact(nested, made)) {
                return true;
            }
            if (d instanceof PatternDescr p && p.getSource() == null && !p.isQuery()) {
                String type = simpleName(p.getObjectType());
                if (!BATCH_FACTS.contains(type) && !made.contains(type)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether any pattern of the rule, at any depth, is of SampleFact or Route, or its condition names either. */
    private static boolean seesSamples(RuleDescr rule, String source) {
        List<PatternDescr> all = new ArrayList<>();
        everyPattern(rule.getLhs(), all);
        return all.stream().anyMatch(p -> isSampleType(simpleName(p.getObjectType())))
                || conditionNamesSamples(rule, source);
    }

    /**
     * Whether a rule that sees no sample can be left out of a batch decided from memory: its action
     * only inserts batch actions or classifications and calls pure functions, and its condition
     * calls no function but a fact's own methods.
     */
    private static boolean batchRuleIsPure(RuleDescr rule, String source, Set<String> globals) {
        String condition = conditionCode(rule, source);
        if (condition == null || foreignCall(condition) != null) {
            return false;
        }
        String action = code(String.valueOf(rule.getConsequence()))
                .replaceAll("insert\\s*\\(\\s*new\\s+(?:BatchAction|Classification)\\s*\\(", "(new Made(");
        return impureAction(RULE_NAME.matcher(action).replaceAll("\"\""), globals) == null;
    }

    /**
     * Why an action (with its allowed inserts already taken out) may act beyond what it matched: a
     * side effect, a global, a call to something not known to be pure, an assignment to something
     * outside it; null when none.
     */
    private static String impureAction(String rest, Set<String> globals) {
        for (String word : words(rest)) {
            if (SIDE_EFFECTS.contains(word) || globals.contains(word)) {
                return "its action uses " + word;
            }
        }
        Matcher call = CALL_NAME.matcher(rest);
        while (call.find()) {
            String name = call.group(1);
            boolean getter = isMember(rest, call.start()) && (name.startsWith("get") || name.startsWith("is"));
            if (!getter && !PURE_CALLS.contains(name) && !name.equals("Route") && !isType(name, rest, call.start())) {
                return "its action calls " + name + "(...), which may act beyond the sample";
            }
        }
        if (OUTER_ASSIGNMENT.matcher(rest).find()) {
            return "its action assigns to something outside it";
        }
        return null;
    }

    /**
     * The first type a pattern over the working memory names that is neither Rewire's nor declared
     * by the policy, looking inside not, exists, or, forall, accumulate and collect; null when none.
     */
    private static String unknownFactType(RuleDescr rule, Set<String> declared) {
        List<PatternDescr> patterns = new ArrayList<>();
        everyPattern(rule.getLhs(), patterns);
        for (PatternDescr p : patterns) {
            boolean overWorkingMemory = p.getSource() == null || p.getSource() instanceof EntryPointDescr
                    || p.getSource() instanceof WindowReferenceDescr;
            String type = simpleName(p.getObjectType());
            if (overWorkingMemory && !p.isQuery() && !FACT_TYPES.contains(type) && !declared.contains(type)) {
                return type;
            }
        }
        return null;
    }

    private static void everyPattern(BaseDescr d, List<PatternDescr> into) {
        if (d instanceof PatternDescr p) {
            into.add(p);
            // what an accumulate or collect reads from (its descrs list is empty)
            if (p.getSource() instanceof AccumulateDescr accumulate) {
                everyPattern(accumulate.getInput(), into);
            } else if (p.getSource() instanceof CollectDescr collect) {
                everyPattern(collect.getInputPattern(), into);
            }
        } else if (d instanceof ConditionalElementDescr ce) {
            for (BaseDescr inner : ce.getDescrs()) {
                everyPattern(inner, into);
            }
        }
    }

    /** Collects the patterns of a plain conjunction; false when the condition is anything else. */
    private static boolean patternsOf(AndDescr and, List<PatternDescr> into) {
        for (BaseDescr d : and.getDescrs()) {
            if (d instanceof PatternDescr p) {
                into.add(p);
            } else if (d instanceof AndDescr nested) {
                if (!patternsOf(nested, into)) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return true;
    }

    /**
     * A rule's condition as code (literals and comments blanked), cut from its file by the parser's
     * offsets; null when the parser did not place it.
     */
    private static String conditionCode(RuleDescr rule, String source) {
        AndDescr lhs = rule.getLhs();
        int from = lhs.getStartCharacter();
        int to = lhs.getEndCharacter();
        return from < 0 || to < from || to > source.length() ? null : code(source.substring(from, to));
    }

    /** Whether a rule's condition or action names a type; true when its condition's text is not known. */
    private static boolean mentions(RuleDescr rule, String source, String type) {
        String condition = conditionCode(rule, source);
        return condition == null || words(condition).contains(type)
                || words(code(String.valueOf(rule.getConsequence()))).contains(type);
    }

    /**
     * Whether a condition names SampleFact or Route anywhere (inside accumulate, not, from...);
     * true when its text is not known.
     */
    private static boolean conditionNamesSamples(RuleDescr rule, String source) {
        String condition = conditionCode(rule, source);
        return condition == null || words(condition).stream().anyMatch(SampleIndependence::isSampleType);
    }

    private static boolean isSampleType(String type) {
        return type.equals("SampleFact") || type.equals("Route");
    }

    private static boolean isSampleJoin(String constraint, String sampleVar) {
        String s = Pattern.quote(sampleVar) + "\\s*\\.\\s*(?:getId\\s*\\(\\s*\\)|id)";
        return constraint.trim().matches("sampleId\\s*==\\s*" + s + "|" + s + "\\s*==\\s*sampleId");
    }

    /** Unqualified names in a SampleFact constraint: its properties, or the whole fact for {@code this}. */
    private static void readProperties(String constraint, Set<String> reads) {
        for (String word : unqualifiedWords(constraint)) {
            String property = propertyName(word);
            if (PROPERTIES.containsKey(property)) {
                reads.add(property);
            } else if (!isOperatorOrLiteral(word)) {
                // this, toString(), hashCode(): something of the whole sample
                reads.addAll(PROPERTIES.keySet());
            }
        }
    }

    /**
     * The first call in a condition that is neither on something ({@code x.name(...)}), nor a
     * fact's own getter or method, nor an operator ({@code in (...)}) or a pattern ({@code Type(...)}):
     * a function, which may keep state; null when none.
     */
    private static String foreignCall(String condition) {
        Matcher m = CALL_NAME.matcher(condition);
        while (m.find()) {
            String name = m.group(1);
            if (isMember(condition, m.start()) || Character.isUpperCase(name.charAt(0)) || name.startsWith("$")
                    || OPERATORS.contains(name) || FACT_METHODS.contains(name) || name.matches("(get|is)[A-Z]\\w*")) {
                continue;
            }
            return name;
        }
        return null;
    }

    /** Whether the name starting at {@code at} follows a dot: a member of something, not a name of its own. */
    private static boolean isMember(String code, int at) {
        int before = at - 1;
        while (before >= 0 && Character.isWhitespace(code.charAt(before))) {
            before--;
        }
        return before >= 0 && code.charAt(before) == '.';
    }

    /** Names in a condition that are not a member of something ({@code x.name}), a binding or a type/constant. */
    private static List<String> unqualifiedWords(String code) {
        List<String> out = new ArrayList<>();
        Matcher m = IDENTIFIER.matcher(code);
        while (m.find()) {
            String word = m.group();
            if (!isMember(code, m.start()) && !word.startsWith("$") && !Character.isUpperCase(word.charAt(0))) {
                out.add(word);
            }
        }
        return out;
    }

    private static boolean isOperatorOrLiteral(String word) {
        return OPERATORS.contains(word);
    }

    /** The matched route read through its binding ({@code $r.sampleId}, or {@code $r} passed whole) reads its sample's id. */
    private static void readRouteId(String code, String routeVar, Set<String> reads) {
        if (routeVar == null) {
            return;
        }
        Matcher m = Pattern.compile(Pattern.quote(routeVar) + "(?![\\w$])(\\s*\\.\\s*([A-Za-z_][\\w$]*))?").matcher(code);
        while (m.find()) {
            if (m.group(2) == null || m.group(2).equals("sampleId") || m.group(2).equals("getSampleId")
                    || m.group(2).equals("toString")) {
                reads.add("id");
            }
        }
    }

    /** A route's own sample id, read anywhere, makes the decision depend on which sample it is. */
    private static void readRoute(String constraint, Set<String> reads) {
        for (String word : unqualifiedWords(constraint)) {
            if (!ROUTE_PROPERTIES.contains(propertyName(word)) && !isOperatorOrLiteral(word)) {
                reads.add("id"); // sampleId, this, toString(): which sample the route is for
            }
        }
    }

    /** {@code $s.domain} or {@code $s.getDomain()} reads a property; {@code $s} alone (passed on whole) reads them all. */
    private static void readThroughVariable(String code, String sampleVar, Set<String> reads) {
        if (sampleVar == null) {
            return;
        }
        Matcher m = Pattern.compile(Pattern.quote(sampleVar) + "(?![\\w$])(\\s*\\.\\s*([A-Za-z_][\\w$]*))?").matcher(code);
        while (m.find()) {
            String property = m.group(2) == null ? null : propertyName(m.group(2));
            if (property != null && PROPERTIES.containsKey(property)) {
                reads.add(property);
            } else {
                reads.addAll(PROPERTIES.keySet());
            }
        }
    }

    /** {@code getDomain} and {@code isHasReference} name the properties {@code domain} and {@code hasReference}. */
    static String propertyName(String word) {
        String bare = word.startsWith("get") && word.length() > 3 ? word.substring(3)
                : word.startsWith("is") && word.length() > 2 && Character.isUpperCase(word.charAt(2)) ? word.substring(2)
                : word;
        return Character.toLowerCase(bare.charAt(0)) + bare.substring(1);
    }

    /** Code without comments, and with every string literal emptied (a word inside quotes is not code). */
    private static String code(String text) {
        Matcher m = LITERAL_OR_COMMENT.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            char first = m.group().charAt(0);
            m.appendReplacement(out, first == '"' || first == '\'' ? "\"\"" : " ");
        }
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> words(String code) {
        List<String> words = new ArrayList<>();
        Matcher m = IDENTIFIER.matcher(code);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    private static String simpleName(String type) {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(dot + 1);
    }

    private static Map<String, Function<SampleFact, Object>> properties() {
        Map<String, Function<SampleFact, Object>> p = new LinkedHashMap<>();
        p.put("id", SampleFact::getId);
        p.put("promptId", SampleFact::getPromptId);
        p.put("domain", SampleFact::getDomain);
        p.put("source", SampleFact::getSource);
        p.put("hasReference", SampleFact::isHasReference);
        p.put("hasConfidence", SampleFact::isHasConfidence);
        p.put("hasApprovals", SampleFact::isHasApprovals);
        p.put("hasRmScore", SampleFact::isHasRmScore);
        p.put("hasTokenProbs", SampleFact::isHasTokenProbs);
        p.put("completionLengthChars", SampleFact::getCompletionLengthChars);
        p.put("verdict", SampleFact::getVerdict);
        p.put("verdictReasons", SampleFact::getVerdictReasons);
        p.put("fields", SampleFact::getFields);
        p.put("step", SampleFact::getStep);
        return Map.copyOf(p);
    }
}
