package dev.rewire.runtime.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewire.framework.json.InvalidRecordException;
import dev.rewire.framework.json.SampleCodec;
import dev.rewire.framework.model.Sample;
import java.util.List;

/**
 * What a protocol needs to know about the request besides its body.
 *
 * @param idPrefix  the prefix of ids generated for samples that carry none (unique per request)
 * @param domains   how a sample that names no domain gets one ({@code --domain}, {@code --domain-map})
 * @param step      the trainer's step from the {@code X-Rewire-Step} header, or null
 * @param logTerms  the term columns logged on every response (one fixed set, since trainers
 *                  such as OpenRLHF and veRL need the same keys on every sample)
 * @param scalar    the caller asked for a bare number where the protocol allows one
 * @param groupKey  the {@code X-Rewire-Group} header: the group key of samples with no {@code prompt_id}, or null
 * @param groupSize the samples of a whole group ({@code X-Rewire-Group-Size}, else {@code --group-size}; 0: none)
 */
record RequestContext(String idPrefix, Domains domains, Long step, List<String> logTerms, boolean scalar,
                      String groupKey, int groupSize) {

    /**
     * Decodes one sample object built from a request, filling in what the request left to the
     * server: an id, the domain, the step, the group key.
     */
    Sample decode(ObjectNode sample, int index) throws InvalidRecordException {
        domains.apply(sample);
        if (step != null && !sample.hasNonNull("step")) {
            sample.put("step", step);
        }
        if (groupKey != null && !sample.hasNonNull("prompt_id")) {
            sample.put("prompt_id", groupKey);
        }
        return SampleCodec.decode(sample, idPrefix + index);
    }

    RequestContext withStep(long step) {
        return new RequestContext(idPrefix, domains, step, logTerms, scalar, groupKey, groupSize);
    }

    RequestContext withGroupSize(int groupSize) {
        return new RequestContext(idPrefix, domains, step, logTerms, scalar, groupKey, groupSize);
    }
}
