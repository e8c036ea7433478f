package dev.rewire.runtime.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewire.framework.json.InvalidRecordException;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.record.RewardRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewire's own {@code POST /v1/score}: a list of samples in Rewire's input format (the shapes
 * {@code rewire score} reads), as a JSON array or {@code {"samples": [..], "step": N, "group_size": G}}
 * ({@code group_size}: the samples of a whole group, for this request's samples; see {@link GroupBarrier}). Out:
 * {@code {"records": [..], "rejected": [..], "policy": sha256}}, {@code records} aligned with the
 * request (null where an item was rejected), each the record {@code rewire score} writes. A bad
 * item is rejected with its index and reason and the others are scored; a request whose every
 * item is bad is answered 400. Two items with one id: the later is rejected.
 */
final class NativeProtocol implements Protocol {

    @Override
    public ParsedRequest parse(JsonNode body, RequestContext context) throws BadRequestException {
        JsonNode items = body.isArray() ? body : body.isObject() ? body.get("samples") : null;
        if (items == null || !items.isArray()) {
            throw new BadRequestException("the body must be a list of samples, or {\"samples\": [...], \"step\": N}");
        }
        RequestContext ctx = withStep(body, context);
        int groupSize = groupSize(body);
        List<Sample> samples = new ArrayList<>(items.size());
        int[] positions = new int[items.size()];
        List<ParsedRequest.Rejection> rejected = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                rejected.add(new ParsedRequest.Rejection(i, null, "sample must be a JSON object"));
                continue;
            }
            try {
                Sample s = ctx.decode(((ObjectNode) item).deepCopy(), i);
                Integer first = seen.putIfAbsent(s.id(), i);
                if (first != null) {
                    rejected.add(new ParsedRequest.Rejection(i, s.id(), "duplicate id '" + s.id()
                            + "' (first at index " + first + ")"));
                    continue;
                }
                positions[samples.size()] = i;
                samples.add(s);
            } catch (InvalidRecordException e) {
                rejected.add(new ParsedRequest.Rejection(i, e.recordId(), e.getMessage()));
            }
        }
        if (samples.isEmpty() && !rejected.isEmpty()) {
            throw new BadRequestException("every sample was rejected; first: index " + rejected.get(0).index()
                    + ": " + rejected.get(0).error(), rejected);
        }
        return new ParsedRequest(body, items.size(), samples, Arrays.copyOf(positions, samples.size()), rejected, groupSize);
    }

    /** The context with the body's {@code step} when it names one (a whole number >= 0), else as it was. */
    private static RequestContext withStep(JsonNode body, RequestContext context) throws BadRequestException {
        JsonNode step = body.isObject() ? body.get("step") : null;
        if (step == null || step.isNull()) {
            return context;
        }
        if (!step.canConvertToExactIntegral() || step.asLong() < 0) {
            throw new BadRequestException("field 'step' must be a whole number >= 0, got " + step);
        }
        return context.withStep(step.asLong());
    }

    /** The body's {@code group_size} (0..1000000), or -1 when it declares none. */
    private static int groupSize(JsonNode body) throws BadRequestException {
        JsonNode size = body.isObject() ? body.get("group_size") : null;
        if (size == null || size.isNull()) {
            return -1;
        }
        if (!size.canConvertToExactIntegral() || size.asLong() < 0 || size.asLong() > 1_000_000) {
            throw new BadRequestException("field 'group_size' must be a whole number in 0..1000000, got " + size);
        }
        return size.asInt();
    }

    @Override
    public boolean answersItemByItem() {
        return true;
    }

    @Override
    public Object respond(ParsedRequest request, MicroBatcher.Scored scored, RequestContext context) {
        RewardRecord[] aligned = new RewardRecord[request.items()];
        List<ParsedRequest.Rejection> rejected = request.rejected();
        for (int k = 0; k < scored.records().size(); k++) {
            aligned[request.positions()[k]] = scored.records().get(k);
        }
        if (!scored.poisoned().isEmpty()) {
            // samples the policy threw on alone: rejected like bad items, in item order
            rejected = new ArrayList<>(rejected);
            for (int k = 0; k < request.samples().size(); k++) {
                String id = request.samples().get(k).id();
                String why = scored.poisoned().get(id);
                if (why != null) {
                    rejected.add(new ParsedRequest.Rejection(request.positions()[k], id, why));
                }
            }
            rejected.sort(java.util.Comparator.comparingInt(ParsedRequest.Rejection::index));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("records", Arrays.asList(aligned));
        out.put("rejected", rejected);
        out.put("policy", scored.policySha256());
        out.put("log_terms", context.logTerms());
        return out;
    }
}
