package dev.rewire.runtime.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.model.Sample;
import java.util.List;

/**
 * A request's samples, ready for the micro-batcher.
 *
 * @param body      the request body as received (NeMo Gym echoes it)
 * @param items     how many items the request held
 * @param samples   the valid ones, in request order
 * @param positions for each valid sample, its item index in the request
 * @param rejected  the items that could not be used, with the reason
 * @param groupSize the group size the body declared ({@code group_size}), or -1: the request context's
 */
record ParsedRequest(JsonNode body, int items, List<Sample> samples, int[] positions, List<Rejection> rejected,
                     int groupSize) {

    ParsedRequest(JsonNode body, int items, List<Sample> samples, int[] positions, List<Rejection> rejected) {
        this(body, items, samples, positions, rejected, -1);
    }

    /** One item of a request that was rejected; the other items are still scored. */
    record Rejection(int index, String id, String error) {
    }
}
