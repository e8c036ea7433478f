package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the README and the docs pages leads somewhere: the file exists, and an
 * anchor ({@code page.md#section}) names a heading of that page, spelled as GitHub spells heading
 * anchors. The README is a landing page whose sections moved to {@code docs/}; a section renamed or
 * moved again must not leave a link behind that goes nowhere. Links to web addresses are not followed.
 */
class DocsLinksIT {

    private static final Path ROOT = Path.of(System.getProperty("rewire.root"));

    /** {@code [text](target)}: the target has no spaces and no closing parenthesis. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.*)$");

    @Test
    void everyRelativeLinkResolvesToAFileAndAHeading() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md"),
                ROOT.resolve("clients/python/README.md"), ROOT.resolve("integration-tests/benchmarks/README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        assertTrue(pages.size() >= 13, "the docs pages are missing: " + pages);
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (insideCodeBlock(lines, i)) {
                    continue;
                }
                Matcher m = LINK.matcher(lines.get(i));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-z]+:.*")) {
                        continue; // https:, mailto:
                    }
                    checked++;
                    String problem = problem(page, target);
                    if (problem != null) {
                        broken.add(ROOT.relativize(page) + ":" + (i + 1) + ": " + target + ": " + problem);
                    }
                }
            }
        }
        assertTrue(checked > 50, "too few links found (" + checked + "): is the pattern still right?");
        assertTrue(broken.isEmpty(), broken.size() + " links go nowhere:\n" + String.join("\n", broken));
    }

    /** Null when the target resolves, else why not. */
    private static String problem(Path page, String target) throws IOException {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
            return "no such file " + ROOT.relativize(resolved);
        }
        if (hash < 0) {
            return null;
        }
        String anchor = target.substring(hash + 1);
        if (!resolved.toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        Set<String> anchors = anchors(resolved);
        return anchors.contains(anchor) ? null : "no heading with the anchor #" + anchor + " in " + ROOT.relativize(resolved);
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
    static Set<String> anchors(Path page) throws IOException {
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = HEADING.matcher(lines.get(i));
            if (m.matches() && !insideCodeBlock(lines, i)) {
                String slug = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    /** Whether line i lies inside a fenced code block (a {@code ```} line opens and closes one). */
    private static boolean insideCodeBlock(List<String> lines, int i) {
        boolean inside = false;
        for (int j = 0; j < i; j++) {
            if (lines.get(j).strip().startsWith("```")) {
                inside = !inside;
            }
        }
        return inside || lines.get(i).strip().startsWith("```");
    }
}
