package dev.rewire.runtime.pages;

import dev.rewire.runtime.engine.diff.DiffSummary;

import dev.rewire.framework.json.RewireJson;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code rewire diff}'s JSON: the {@link DiffSummary} and the thresholds crossed. */
public final class DiffJson {

    private DiffJson() {
    }

    static Map<String, Object> tree(DiffSummary s, List<String> crossed) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("thresholds_crossed", crossed);
        json.put("diff", s);
        return json;
    }

    public static String toJson(DiffSummary s, List<String> crossed) throws IOException {
        return RewireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree(s, crossed));
    }

    public static void write(DiffSummary s, List<String> crossed, OutputStream out) throws IOException {
        out.write(toJson(s, crossed).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.write('\n');
        out.flush();
    }
}
