package dev.rewire.runtime.engine.shadow;

import dev.rewire.runtime.engine.diff.DiffSummary;
import java.util.Locale;

/**
 * How a shadowed candidate ended (or stands when the run ended).
 *
 * @param state                     still shadowing, promoted, rolled back, or refused (did not compile)
 * @param reason                    the deciding rule's reason, or why the candidate was refused; null while shadowing
 * @param candidateFolder           the candidate's policy folder
 * @param candidateSha256           its hash; null when refused
 * @param batchesCompared           batches decided both ways
 * @param checksWorse               check results worse under the candidate
 * @param checksBetter              check results better under the candidate
 * @param batchesBlockedByCandidate batches the candidate would have blocked
 * @param diff                      the comparison over every compared batch
 */
public record ShadowSummary(ShadowPolicy.State state, String reason, String candidateFolder, String candidateSha256,
                            long batchesCompared, long checksWorse, long checksBetter, long batchesBlockedByCandidate,
                            DiffSummary diff) {

    public String describe() {
        DiffSummary.RewardFigures r = diff.reward();
        return String.format(Locale.ROOT, "shadow %s: %s; %d batches compared, %d samples; mean reward shift %+.4f; "
                        + "advantage sign flips %d (%.2f%%); checks worse %d, better %d; batches the candidate would "
                        + "block %d%s", candidateFolder, state.name().toLowerCase(Locale.ROOT).replace('_', ' '),
                batchesCompared, r.samples(), r.samples() == 0 ? 0 : r.meanShift(), r.signFlips(),
                r.samples() == 0 ? 0 : 100 * r.signFlipRate(), checksWorse, checksBetter, batchesBlockedByCandidate,
                reason == null ? "" : " (" + reason + ")");
    }
}
