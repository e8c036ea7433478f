package dev.rewire.framework.model;

import java.util.List;

/**
 * Two responses to one prompt and the judgments of which is better. Immutable and thread safe.
 *
 * @param id        unique id of the pair
 * @param promptId  the prompt
 * @param prompt    the prompt text
 * @param a         the first response (as stored, before any shown order)
 * @param b         the second response
 * @param domain    the domain, as for samples
 * @param judgments the judgments; picks are {@code a}, {@code b}, {@code tie} or {@code skip}
 */
public record PreferencePair(String id, String promptId, String prompt, String a, String b, String domain,
                             List<Judgment> judgments) implements PreferenceSignal {

    public PreferencePair {
        judgments = judgments == null ? List.of() : List.copyOf(judgments);
    }

    /** A builder for a pair with this id and prompt; texts default to empty, the domain to {@code unknown}. */
    public static Builder builder(String id, String promptId) {
        return new Builder(id, promptId);
    }

    /** Builds a {@link PreferencePair}; not thread safe. */
    public static final class Builder {
        private final String id;
        private final String promptId;
        private String prompt = "";
        private String a = "";
        private String b = "";
        private String domain = "unknown";
        private List<Judgment> judgments = List.of();

        private Builder(String id, String promptId) {
            this.id = id;
            this.promptId = promptId;
        }

        public Builder prompt(String prompt) { this.prompt = prompt; return this; }
        public Builder a(String a) { this.a = a; return this; }
        public Builder b(String b) { this.b = b; return this; }
        public Builder domain(String domain) { this.domain = domain; return this; }
        public Builder judgments(List<Judgment> judgments) { this.judgments = judgments; return this; }

        public PreferencePair build() {
            return new PreferencePair(id, promptId, prompt, a, b, domain, judgments);
        }
    }
}
