package dev.rewire.framework.record;

import dev.rewire.framework.model.Verdict;
import java.util.List;

/**
 * One line of {@code rewire pairs} output: a preference pair in the fields TRL's reward trainer
 * reads ({@code prompt}, {@code chosen}, {@code rejected}) with its weight and the reasons.
 *
 * @param id         the pair id
 * @param promptId   its prompt
 * @param prompt     the prompt text
 * @param chosen     the response preferred by the aggregated label
 * @param rejected   the other response
 * @param weight     how much the pair should count: the mean weight of its annotators' signals (0: no usable signal)
 * @param pChosen    the type model's probability that the chosen response is the better one
 * @param margin     the Bradley-Terry reward gap that probability implies, logit(p_chosen), capped:
 *                   the {@code margin} column TRL's RewardTrainer subtracts inside its loss
 * @param verdict    the most common classification among its signals (the more severe on a tie)
 * @param signals    each annotator's classification
 * @param provenance filter bundle versions and policy hash
 */
public record WeightedPair(String id, String promptId, String prompt, String chosen, String rejected, double weight,
                           double pChosen, double margin, Verdict verdict, List<SignalOutcome> signals, Provenance provenance) {
}
