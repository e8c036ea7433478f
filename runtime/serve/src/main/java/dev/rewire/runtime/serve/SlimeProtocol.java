package dev.rewire.runtime.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewire.framework.json.InvalidRecordException;
import dev.rewire.framework.record.RewardRecord;
import java.util.List;

/**
 * slime's {@code --rm-type remote_rm --rm-url http://host:8777/reward} (client in
 * slime/rollout/rm_hub/__init__.py): {@code {"prompt": str or messages, "response": str, "label": any}}
 * in, one sample per request. Out: the reward record itself, whose {@code reward} key is the scalar
 * ({@code --reward-key reward}); with {@code ?scalar=true} a bare number, for slime without a
 * reward key. Other fields of the body are kept on the sample, where rules can read them.
 */
final class SlimeProtocol implements Protocol {

    @Override
    public ParsedRequest parse(JsonNode body, RequestContext context) throws BadRequestException {
        if (!body.isObject()) {
            throw new BadRequestException("the body must be a JSON object {\"prompt\", \"response\", \"label\"}");
        }
        ObjectNode sample = ((ObjectNode) body).deepCopy();
        JsonNode response = sample.remove("response");
        if (response == null || response.isNull()) {
            throw new BadRequestException("missing required field 'response'");
        }
        sample.set("completion", response);
        JsonNode label = sample.remove("label");
        if (label != null && !label.isNull() && !sample.hasNonNull("reference")) {
            sample.set("reference", label);
        }
        try {
            return new ParsedRequest(body, 1, List.of(context.decode(sample, 0)), new int[] {0}, List.of());
        } catch (InvalidRecordException e) {
            throw new BadRequestException(e.getMessage().replace("'completion'", "'response'"));
        }
    }

    @Override
    public Object respond(ParsedRequest request, MicroBatcher.Scored scored, RequestContext context) {
        RewardRecord record = scored.records().get(0);
        return context.scalar() ? record.reward() : record;
    }
}
