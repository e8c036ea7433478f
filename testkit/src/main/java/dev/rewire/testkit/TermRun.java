package dev.rewire.testkit;

import dev.rewire.framework.spi.TermResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;

/**
 * A term's results on a set of samples, as the host would record them.
 *
 * @param termId     the term's id
 * @param byId       each sample's result, by sample id, in input order
 * @param rejections per group whose whole answer the host would have replaced, why (e.g. the term
 *                   threw, or returned 2 results for 3 samples); empty when every answer was taken
 */
public record TermRun(String termId, Map<String, TermResult> byId, List<String> rejections) {

    public TermRun {
        byId = Collections.unmodifiableMap(new LinkedHashMap<>(byId));
        rejections = List.copyOf(rejections);
    }

    /** The result of sample {@code id}; fails the test when there is no such sample. */
    public TermResult result(String id) {
        TermResult r = byId.get(id);
        if (r == null) {
            Assertions.fail("term " + termId + ": no sample " + id + " (samples: " + byId.keySet() + ")");
        }
        return r;
    }

    /** The value of sample {@code id}; fails the test, with the reason, when the term abstained. */
    public double value(String id) {
        TermResult r = result(id);
        if (r.abstained()) {
            Assertions.fail("term " + termId + " abstained on " + id + ": " + r.reason());
        }
        return r.value();
    }

    /** Why the term abstained on sample {@code id}; fails the test when it gave a value. */
    public String abstentionReason(String id) {
        TermResult r = result(id);
        if (!r.abstained()) {
            Assertions.fail("term " + termId + " gave " + r.value() + " on " + id + ", expected an abstention");
        }
        return r.reason();
    }

    /**
     * Fails the test when the host would have recorded an error for any sample: a rejected answer,
     * or an abstention whose reason starts with {@code error:} (a throw, a null result, a value out
     * of range). Lists every such sample.
     */
    public void assertNoErrors() {
        List<String> problems = new ArrayList<>(rejections);
        byId.forEach((id, r) -> {
            if (r.abstained() && r.reason().startsWith("error:")) {
                problems.add(id + ": " + r.reason());
            }
        });
        if (!problems.isEmpty()) {
            Assertions.fail("term " + termId + " broke the host's contract:\n  " + String.join("\n  ", problems));
        }
    }
}
