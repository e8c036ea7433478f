package dev.rewire.framework.json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Text of a prompt or completion given either as a string or as chat messages
 * ({@code [{"role": "user", "content": "..."}]}, content a string or a list of
 * {@code {"type": "text", "text": "..."}} parts), the two shapes trainers send.
 */
final class ChatText {

    private ChatText() {
    }

    /**
     * @param assistantOnly for a completion: keep only assistant messages when there are any
     *                      (a TRL conversational completion is the assistant's turn)
     */
    static String of(Fields f, String field, JsonNode value, boolean assistantOnly) throws InvalidRecordException {
        if (value.isTextual()) {
            return f.text(field, value.textValue());
        }
        if (!value.isArray()) {
            throw f.wrongType(field, "a string or a list of chat messages", value);
        }
        boolean anyAssistant = false;
        for (JsonNode m : value) {
            anyAssistant |= m.isObject() && "assistant".equals(m.path("role").asText(null));
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < value.size(); i++) {
            JsonNode m = value.get(i);
            if (!m.isObject() || !m.has("content")) {
                throw f.invalid("field '" + field + "[" + i + "]' must be a chat message {\"role\", \"content\"}");
            }
            String role = m.path("role").asText("");
            if (assistantOnly && anyAssistant && !role.equals("assistant")) {
                continue;
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            if (!assistantOnly) {
                text.append(role).append(": ");
            }
            appendContent(f, field + "[" + i + "].content", m.get("content"), text);
        }
        return f.text(field, text.toString());
    }

    private static void appendContent(Fields f, String field, JsonNode content, StringBuilder text)
            throws InvalidRecordException {
        if (content.isNull()) {
            return;
        }
        if (content.isTextual()) {
            text.append(content.textValue());
            return;
        }
        if (!content.isArray()) {
            throw f.invalid("field '" + field + "' must be a string or a list of content parts");
        }
        for (JsonNode part : content) {
            JsonNode t = part.isTextual() ? part : part.get("text");
            if (t != null && t.isTextual()) {
                text.append(t.textValue());
            }
        }
    }
}
