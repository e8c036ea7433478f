package dev.rewire.framework.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Recognises a trainer's request body given where a sample is expected (a line of a file for
 * {@code rewire score}, an item of {@code /v1/score}) and says so, with where that body is
 * answered: "missing required field 'completion'" alone leaves a slime user guessing. The
 * shapes are those of the trainers' remote-reward clients (OpenRLHF, slime, NeMo Gym).
 * Stateless and thread safe.
 */
final class TrainerShapes {

    private TrainerShapes() {
    }

    /**
     * @throws InvalidRecordException naming the missing field and the request shape, when the
     *         record lacks {@code prompt} or {@code completion} and is a trainer's request body
     */
    static void requireSampleShape(Fields f, JsonNode node) throws InvalidRecordException {
        if (has(node, SampleFields.PROMPT) && has(node, SampleFields.COMPLETION)) {
            return;
        }
        String missing = has(node, SampleFields.PROMPT) ? SampleFields.COMPLETION : SampleFields.PROMPT;
        String shape = null;
        if (has(node, "query") && has(node, "prompts")) {
            shape = "an OpenRLHF request ('query', 'prompts', 'labels'): rewire serve answers it at POST /get_reward";
        } else if (has(node, "responses_create_params")) {
            shape = "a NeMo Gym /verify request: rewire serve answers it at POST /verify";
        } else if (has(node, SampleFields.PROMPT) && has(node, "response")) {
            shape = "a slime request ('prompt', 'response', 'label'): rewire serve answers it at POST /reward;"
                    + " a sample names its response 'completion'";
        }
        if (shape != null) {
            throw f.invalid("missing required field '" + missing + "' (this is " + shape + ")");
        }
    }

    private static boolean has(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }
}
