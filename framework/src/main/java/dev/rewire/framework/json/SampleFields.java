package dev.rewire.framework.json;

/**
 * The JSON field names of a sample, Rewire's own and the trainers' that {@link SampleCodec} reads in
 * their place: one list for both of the sample's decoders (the one-pass {@code FlatSampleDecoder}
 * and the full {@link SampleCodec}).
 */
final class SampleFields {

    static final String ID = "id";
    static final String PROMPT_ID = "prompt_id";
    static final String DOMAIN = "domain";
    static final String SOURCE = "source";
    static final String PROMPT = "prompt";
    static final String COMPLETION = "completion";
    static final String COMPLETION_TOKENS = "completion_tokens";
    static final String REFERENCE = "reference";
    static final String CONFIDENCE = "confidence";
    static final String ANSWER_TOKEN_PROBS = "answer_token_probs";
    static final String RM_SCORE = "rm_score";
    static final String APPROVED = "approved";
    static final String JUDGMENTS = "judgments";
    static final String STEP = "step";

    /** veRL's: the domain, the reference (also under reward_model), the group; NeMo Gym's task; veRL's extra_info. */
    static final String DATA_SOURCE = "data_source";
    static final String GROUND_TRUTH = "ground_truth";
    static final String REWARD_MODEL = "reward_model";
    static final String UID = "uid";
    static final String NEMO_GYM_TASK_INDEX = "_ng_task_index";
    static final String EXTRA_INFO = "extra_info";

    /** A judgment's fields (an element of {@link #JUDGMENTS}; a pair's judgments have the same). */
    static final String ANNOTATOR = "annotator";
    static final String PICK = "pick";
    static final String ROUND = "round";
    static final String SHOWN_ORDER = "shown_order";
    static final String FRAMING = "framing";
    static final String TIME_MS = "time_ms";

    private SampleFields() {
    }
}
