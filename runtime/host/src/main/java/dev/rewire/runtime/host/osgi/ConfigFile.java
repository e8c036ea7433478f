package dev.rewire.runtime.host.osgi;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One {@code .cfg} file of the deploy folder: its PID (and factory name), its values, and the
 * values that cannot mean what their component declares. Values are checked the way Declarative
 * Services will convert them, so that what would fail (a whole number with a trailing space, a
 * number that is a word) or be misread without a word (a boolean that is neither true nor false is
 * false) is named before it reaches the component: file, key, value, what was expected.
 */
final class ConfigFile {

    /**
     * Where a file's settings go: {@code rewire.term.length_penalty.cfg} is PID
     * {@code rewire.term.length_penalty}; {@code rewire.term.python-math.cfg} is the factory
     * configuration {@code math} of {@code rewire.term.python} (FileInstall's naming).
     */
    record Target(String pid, String factoryName) {

        static Target of(Path file) {
            String name = file.getFileName().toString();
            String stem = name.substring(0, name.length() - ".cfg".length());
            int dash = stem.indexOf('-');
            return dash > 0 ? new Target(stem.substring(0, dash), stem.substring(dash + 1)) : new Target(stem, null);
        }
    }

    private ConfigFile() {
    }

    /** The file's keys and values as written (Java properties syntax, as FileInstall reads a .cfg). */
    static Map<String, String> read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            p.load(in);
        }
        Map<String, String> values = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        return values;
    }

    /**
     * What is wrong with the values, one sentence each (empty when nothing is).
     *
     * @param declared the component's declared properties and their defaults (their types are the
     *                 types the component expects); keys it does not declare are not judged here
     */
    static List<String> problems(Path file, Map<String, String> values, Map<String, Object> declared) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            Object declaredDefault = declared.get(e.getKey());
            if (declaredDefault == null) {
                continue;
            }
            String expected = expected(declaredDefault, e.getValue());
            if (expected != null) {
                String value = e.getValue();
                String spaces = !value.equals(value.strip()) ? " (it has spaces around it)" : "";
                out.add(file.getFileName() + ": " + e.getKey() + " = \"" + value + "\"" + spaces + " is not "
                        + expected + " (the default is " + declaredDefault + ")");
            }
        }
        return out;
    }

    /** What the value should have been, or null when it converts to the declared type as written. */
    private static String expected(Object declaredDefault, String value) {
        if (declaredDefault instanceof Integer || declaredDefault instanceof Long || declaredDefault instanceof Short
                || declaredDefault instanceof Byte) {
            if (!value.matches("[+-]?\\d+")) {
                return "a whole number";
            }
            try {
                long v = Long.parseLong(value);
                if (declaredDefault instanceof Integer && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
                    return "a whole number in the range of an int";
                }
            } catch (NumberFormatException x) {
                return "a whole number in range";
            }
            return null;
        }
        if (declaredDefault instanceof Double || declaredDefault instanceof Float) {
            try {
                Double.parseDouble(value);
                return null;
            } catch (NumberFormatException x) {
                return "a number";
            }
        }
        if (declaredDefault instanceof Boolean) {
            return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") ? null : "true or false";
        }
        if (declaredDefault instanceof Character) {
            return value.length() == 1 ? null : "one character";
        }
        return null;
    }
}
