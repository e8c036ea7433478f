package dev.rewire.runtime.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rewire.framework.json.InvalidRecordException;
import dev.rewire.framework.json.SampleCodec;
import dev.rewire.framework.model.Sample;
import java.util.List;

/**
 * What a protocol needs to know about the request besides its body.
 *
 * @param idPrefix      the prefix of ids generated for samples that carry none (unique per request)
 * @param defaultDomain the domain of samples that name neither {@code domain} nor {@code data_source}
 * @param step          the trainer's step from the {@code X-Rewire-Step} header, or null
 * @param logTerms      the term columns logged on every response (one fixed set, since trainers
 *                      such as OpenRLHF and veRL need the same keys on every sample)
 * @param scalar        the caller asked for a bare number where the protocol allows one
 */
record RequestContext(String idPrefix, String defaultDomain, Long step, List<String> logTerms, boolean scalar) {

    /**
     * Decodes one sample object built from a request, filling in what the request left to the
     * server: an id, the default domain, the step.
     */
    Sample decode(ObjectNode sample, int index) throws InvalidRecordException {
        if (!sample.hasNonNull("domain") && !sample.hasNonNull("data_source")) {
            sample.put("domain", defaultDomain);
        }
        if (step != null && !sample.hasNonNull("step")) {
            sample.put("step", step);
        }
        return SampleCodec.decode(sample, idPrefix + index);
    }
}
