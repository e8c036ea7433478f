package dev.rewire.bundles.terms.python;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One Python term's settings, read from its {@code rewire.term.python-NAME.cfg}.
 *
 * @param id              the term id rules route to
 * @param file            the reward function's Python file (absolute)
 * @param function        the function's name in that file
 * @param kind            how it is called: {@code trl} (once per batch) or {@code verl} (once per sample)
 * @param python          the Python executable
 * @param timeout         how long one batch may take, the process's start included
 * @param referenceColumn TRL only: the keyword the samples' references are passed under
 * @param conversational  TRL only: prompts and completions passed as one-message lists
 */
record PythonTermSettings(String id, Path file, String function, Kind kind, String python, Duration timeout,
                          String referenceColumn, boolean conversational) {

    /** The calling conventions the Python side knows. */
    enum Kind { TRL, VERL }

    /** The Python executable when the .cfg names none: {@code REWIRE_PYTHON}, else {@code python3}. */
    static String defaultPython(Map<String, String> environment) {
        String fromEnv = environment.get("REWIRE_PYTHON");
        return fromEnv == null || fromEnv.isBlank() ? "python3" : fromEnv;
    }

    private static final Pattern TERM_ID = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * Settings from a .cfg's values; a relative {@code file} is resolved against the .cfg's folder.
     *
     * @param cfgUri the .cfg's location as FileInstall records it ({@code file:/...}), or empty
     * @throws IllegalArgumentException naming every problem found
     */
    static PythonTermSettings of(String id, String file, String function, String kind, String python, long timeoutMs,
                                 String referenceColumn, boolean conversational, String cfgUri,
                                 Map<String, String> environment) {
        List<String> problems = new ArrayList<>();
        if (id == null || !TERM_ID.matcher(id).matches()) {
            problems.add("id must be a term id (a letter, then letters, digits, _ . -), got '" + id + "'");
        }
        if (file == null || file.isBlank()) {
            problems.add("file (the Python file) is missing");
        }
        if (function == null || !IDENTIFIER.matcher(function).matches()) {
            problems.add("function must be a Python name, got '" + function + "'");
        }
        Kind parsedKind = null;
        try {
            parsedKind = Kind.valueOf(kind == null ? "" : kind.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add("kind must be trl or verl, got '" + kind + "'");
        }
        if (timeoutMs < 1) {
            problems.add("timeout_ms must be positive, got " + timeoutMs);
        }
        if (referenceColumn == null || !IDENTIFIER.matcher(referenceColumn).matches()) {
            problems.add("reference_column must be a Python name, got '" + referenceColumn + "'");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Path path = Path.of(file.trim());
        if (!path.isAbsolute() && cfgUri != null && !cfgUri.isBlank()) {
            path = Path.of(URI.create(cfgUri)).getParent().resolve(path);
        }
        return new PythonTermSettings(id, path.toAbsolutePath().normalize(), function, parsedKind,
                python == null || python.isBlank() ? defaultPython(environment) : python.trim(),
                Duration.ofMillis(timeoutMs), referenceColumn, conversational);
    }

    /** The command that starts the Python side on {@code script}. */
    List<String> command(Path script) {
        List<String> command = new ArrayList<>(List.of(python, "-u", script.toString(), "--file", file.toString(),
                "--function", function, "--kind", kind.name().toLowerCase(Locale.ROOT)));
        if (kind == Kind.TRL) {
            command.addAll(List.of("--reference-column", referenceColumn));
            if (conversational) {
                command.add("--conversational");
            }
        }
        return command;
    }

    /** The settings as provenance records them (the file's hash is added by the term). */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        m.put("function", function);
        m.put("kind", kind.name().toLowerCase(Locale.ROOT));
        m.put("python", python);
        m.put("timeout_ms", timeout.toMillis());
        if (kind == Kind.TRL) {
            m.put("reference_column", referenceColumn);
            m.put("conversational", conversational);
        }
        return m;
    }
}
