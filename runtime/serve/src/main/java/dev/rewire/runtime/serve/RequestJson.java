package dev.rewire.runtime.serve;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewire.framework.json.RewireJson;
import java.io.IOException;

/**
 * Parses request bodies under limits that a body within the size limit can still break: nesting
 * deeper than {@value #MAX_DEPTH} levels (the tree and what walks it recurse) and numbers longer
 * than {@value #MAX_NUMBER_CHARS} characters (no reward field needs more than a double holds).
 * Either is a 400 naming the limit. Thread safe.
 */
final class RequestJson {

    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER_CHARS = 100;

    private static final ObjectMapper MAPPER = limited();

    private RequestJson() {
    }

    private static ObjectMapper limited() {
        ObjectMapper mapper = RewireJson.mapper().copy();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_NUMBER_CHARS).build());
        return mapper;
    }

    /** The body as a tree, or why not (answered 400). */
    static JsonNode parse(byte[] body) throws BadRequestException {
        if (body.length == 0) {
            throw new BadRequestException("the request body is empty; send JSON");
        }
        try {
            return MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            String m = String.valueOf(e.getOriginalMessage());
            throw new BadRequestException(m.contains("nesting depth")
                    ? "JSON nested deeper than " + MAX_DEPTH + " levels"
                    : m.contains("Number value length") || m.contains("number")
                    ? "a JSON number longer than " + MAX_NUMBER_CHARS + " characters"
                    : "JSON over a limit: " + m);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new BadRequestException("malformed JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new BadRequestException("could not read the request body: " + e.getMessage());
        }
    }
}
