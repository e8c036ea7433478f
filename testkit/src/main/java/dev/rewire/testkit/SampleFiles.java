package dev.rewire.testkit;

import dev.rewire.framework.json.InvalidRecordException;
import dev.rewire.framework.json.SampleCodec;
import dev.rewire.framework.model.Sample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples read from a JSONL fixture with the host's decoder ({@link SampleCodec}) and its rules:
 * blank lines are skipped, a record without an id is named {@code line-N}, and a line the host would
 * reject fails the test naming the file, the line and the problem (a fixture is meant to be valid).
 */
public final class SampleFiles {

    private SampleFiles() {
    }

    /** Every sample of {@code file}, in file order. */
    public static List<Sample> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read fixture " + file + ": " + e.getMessage(), e);
        }
        List<Sample> samples = new ArrayList<>(lines.size());
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            long lineNumber = i + 1;
            try {
                samples.add(SampleCodec.decode(line, "line-" + lineNumber));
            } catch (InvalidRecordException e) {
                errors.add(file + ":" + lineNumber + (e.recordId() == null ? "" : " (id " + e.recordId() + ")")
                        + ": " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("invalid fixture records:\n  " + String.join("\n  ", errors));
        }
        return samples;
    }

    /** Every sample of a class-path resource, e.g. {@code read(MyTermTest.class, "/samples.jsonl")}. */
    public static List<Sample> read(Class<?> anchor, String resource) {
        return read(resource(anchor, resource));
    }

    /** A class-path resource as a file (a test's resources are folders under {@code target/}). */
    static Path resource(Class<?> anchor, String resource) {
        URL url = anchor.getResource(resource);
        if (url == null) {
            throw new AssertionError("no resource " + resource + " next to " + anchor.getName());
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new AssertionError("resource " + resource + " is not a file: " + url, e);
        }
    }
}
