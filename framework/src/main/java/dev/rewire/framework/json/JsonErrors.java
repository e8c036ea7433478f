package dev.rewire.framework.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words Jackson's parse errors for the person who wrote the record: what is wrong with the line,
 * never the Java setting that would allow it ({@code enable JsonReadFeature...}, {@code from
 * StreamReadConstraints...}, {@code bound as com.fasterxml...}). Stateless and thread safe.
 */
public final class JsonErrors {

    /** "(1001) exceeds the maximum allowed (1000, from ...)": the limit a constraint names. */
    private static final Pattern LIMIT = Pattern.compile("exceeds the maximum allowed \\((\\d+)");
    /** Jackson's advice to a Java programmer: a clause that names a Java type or setting in backticks. */
    private static final Pattern JAVA_ADVICE = Pattern.compile(
            ": enable `[^`]*` to allow| \\(bound as `[^`]*`\\)|: not allowed as per `[^`]*`|, from `[^`]*`");

    private JsonErrors() {
    }

    /** Why a line is not a JSON record, starting {@code malformed JSON:} or {@code JSON over a limit:}. */
    public static String describe(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        // a constraint may reach here wrapped (a mapping error around it): judged by its words
        if (e instanceof StreamConstraintsException || LIMIT.matcher(message).find()) {
            Matcher m = LIMIT.matcher(message);
            String limit = m.find() ? m.group(1) : "its";
            if (message.contains("nesting depth")) {
                return "JSON over a limit: nested deeper than " + limit + " levels";
            }
            if (message.startsWith("Number value length")) {
                return "JSON over a limit: a number longer than " + limit + " characters";
            }
            if (message.startsWith("String value length")) {
                return "JSON over a limit: a string longer than " + limit + " characters";
            }
            return "JSON over a limit: " + JAVA_ADVICE.matcher(message).replaceAll("");
        }
        String plain = JAVA_ADVICE.matcher(message).replaceAll("");
        if (plain.startsWith("Non-standard token '")) {
            // NaN and Infinity are JavaScript's, not JSON's: a writer that emits them needs telling so
            plain += " (JSON has no NaN or Infinity: write null, or leave the field out)";
        }
        return "malformed JSON: " + plain;
    }
}
