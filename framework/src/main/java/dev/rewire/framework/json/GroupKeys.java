package dev.rewire.framework.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The group key ({@code prompt_id}) of a sample that names none, from what trainers send. Samples
 * with one key are scored as one group (group terms such as {@code majority_vote}, advantages).
 * In order:
 * <ol>
 *   <li>{@code uid}: veRL's group id (one per prompt per batch) -> {@code uid-<uid>}</li>
 *   <li>{@code _ng_task_index}: NeMo Gym's task -> {@code task-<index>}</li>
 *   <li>{@code extra_info.index}: veRL's dataset row, qualified by {@code data_source} and
 *       {@code extra_info.split} when present -> {@code row-<data_source>/<split>/<index>}</li>
 *   <li>the prompt, text or messages, when it is not blank -> {@code p-} and 16 hex digits of its SHA-256</li>
 *   <li>nothing usable: the sample is a group of one, {@code solo-<id>}. Never "the empty prompt":
 *       unrelated samples without a prompt must not be voted or normalized together.</li>
 * </ol>
 * Stateless and thread safe.
 */
public final class GroupKeys {

    /** The prefix of the key of a sample that had nothing to group it by. */
    public static final String SOLO_PREFIX = "solo-";

    private GroupKeys() {
    }

    /**
     * The key of a decoded record that has no {@code prompt_id}.
     *
     * @param node   the whole record (for {@code uid}, {@code _ng_task_index}, {@code extra_info})
     * @param prompt the record's prompt (text or messages)
     * @param id     the sample's id, for a group of one
     */
    public static String derive(JsonNode node, JsonNode prompt, String id) {
        String uid = scalar(node.get("uid"));
        if (uid != null) {
            return "uid-" + uid;
        }
        String task = scalar(node.get("_ng_task_index"));
        if (task != null) {
            return "task-" + task;
        }
        JsonNode info = node.get("extra_info");
        String row = info != null && info.isObject() ? scalar(info.get("index")) : null;
        if (row != null) {
            StringBuilder key = new StringBuilder("row-");
            String source = scalar(node.get("data_source"));
            String split = scalar(info.get("split"));
            if (source != null) {
                key.append(source).append('/');
            }
            if (split != null) {
                key.append(split).append('/');
            }
            return key.append(row).toString();
        }
        return fromPrompt(prompt.isTextual() ? prompt.textValue() : prompt.toString(), id);
    }

    /**
     * Refuses a group field of a type that cannot name a group ({@code uid}, {@code _ng_task_index},
     * {@code extra_info.index} an object, an array, a fraction or a boolean): read past, it would
     * put the sample silently in its prompt's group instead of the one its trainer meant.
     */
    static void checkTypes(Fields f, JsonNode node) throws InvalidRecordException {
        JsonNode info = node.get(SampleFields.EXTRA_INFO);
        String[] names = {SampleFields.UID, SampleFields.NEMO_GYM_TASK_INDEX, SampleFields.EXTRA_INFO + ".index"};
        JsonNode[] values = {node.get(SampleFields.UID), node.get(SampleFields.NEMO_GYM_TASK_INDEX),
                info != null && info.isObject() ? info.get("index") : null};
        for (int i = 0; i < names.length; i++) {
            JsonNode v = values[i];
            if (v != null && !v.isNull() && !v.isTextual() && !v.canConvertToExactIntegral()) {
                throw f.wrongType(names[i], "a string or a whole number (it names the sample's group)", v);
            }
        }
    }

    /** The key from the prompt's text (or its messages' JSON); a blank prompt makes a group of one. */
    public static String fromPrompt(String prompt, String id) {
        if (prompt == null || prompt.isBlank() || prompt.equals("[]")) {
            return solo(id);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(prompt.getBytes(StandardCharsets.UTF_8));
            return "p-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** The key of a sample that is a group of its own. */
    public static String solo(String id) {
        return SOLO_PREFIX + id;
    }

    /** Whether the key says its sample had nothing to group it by. */
    public static boolean isSolo(String promptId) {
        return promptId != null && promptId.startsWith(SOLO_PREFIX);
    }

    /** A string or a whole number as text; null for anything else (objects, blanks, fractions). */
    private static String scalar(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue().isBlank() ? null : v.textValue();
        }
        return v.canConvertToExactIntegral() ? v.bigIntegerValue().toString() : null;
    }
}
