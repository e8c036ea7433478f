package dev.rewire.runtime.serve;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One trainer's wire protocol: how its request body becomes samples, and how their reward records
 * become its response body. Implementations keep no state and are called from any thread.
 */
interface Protocol {

    /**
     * The samples of one request.
     *
     * @throws BadRequestException naming the field and the problem, answered 400
     */
    ParsedRequest parse(JsonNode body, RequestContext context) throws BadRequestException;

    /**
     * The response body (serialized as JSON) for the request's scored samples. Unless
     * {@link #answersItemByItem()}, every sample has its record: a request with a sample the policy
     * threw on is answered 422 before this is called.
     */
    Object respond(ParsedRequest request, MicroBatcher.Scored scored, RequestContext context);

    /** Whether a response can carry a rejection for one item beside the others' records ({@code /v1/score}). */
    default boolean answersItemByItem() {
        return false;
    }
}
