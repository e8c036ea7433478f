package dev.rewire.framework.grading;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one answer was graded against its reference.
 *
 * @param correct          true when the answer means the same as the reference
 * @param extracted        the answer text read from the completion; null when none was found
 * @param compared         how the two were compared ({@code number}, {@code expression},
 *                         {@code interval}, {@code set}, {@code tuple}, {@code relation},
 *                         {@code matrix}, {@code text}, {@code choice}); null when not graded
 * @param abstentionReason why nothing could be compared ({@code no answer found},
 *                         {@code parse failure: ...}, {@code time limit}, {@code no reference});
 *                         null when graded. An abstention is never correct.
 */
public record Grade(boolean correct, String extracted, String compared, String abstentionReason) {

    static Grade graded(boolean correct, String extracted, String compared) {
        return new Grade(correct, extracted, compared, null);
    }

    static Grade abstained(String extracted, String reason) {
        return new Grade(false, extracted, null, reason);
    }

    /** The grade as the named texts a record's term carries ({@code extracted}, {@code compared}, ...). */
    public Map<String, String> explanation() {
        Map<String, String> out = new LinkedHashMap<>();
        if (extracted != null) {
            out.put("extracted", extracted);
        }
        if (compared != null) {
            out.put("compared", compared);
        }
        if (abstentionReason != null) {
            out.put("ungraded", abstentionReason);
        }
        return out;
    }
}
