package dev.rewire.runtime.engine.shadow;

import dev.rewire.runtime.io.DataFiles;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.policy.ShadowStanding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The audit trail of shadow policies: one JSON line per promotion, rollback or refused candidate,
 * appended (runs add to the same file) and flushed at once, and the same event on the log.
 */
final class PromotionAudit implements AutoCloseable {

    private final Path file;
    private final Consumer<String> log;
    private Writer out;

    PromotionAudit(Path file, Consumer<String> log) {
        this.file = file;
        this.log = log;
    }

    /** @param standing the facts the rule decided on, or null (a refused candidate never had any) */
    void write(String event, long batchIndex, String rule, String reason, String liveSha, String candidateSha,
               ShadowStanding standing) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", event);
        line.put("time", Instant.now().toString());
        line.put("batch", batchIndex);
        line.put("rule", rule);
        line.put("reason", reason);
        line.put("live_policy", liveSha);
        line.put("candidate_policy", candidateSha);
        if (standing != null) {
            line.put("batches_compared", standing.getBatchesCompared());
            line.put("samples_compared", standing.getSamplesCompared());
            line.put("checks_worse", standing.getChecksWorse());
            line.put("checks_better", standing.getChecksBetter());
            line.put("batches_blocked_by_candidate", standing.getBatchesBlockedByCandidate());
            line.put("mean_reward_shift", standing.getMeanRewardShift());
            line.put("sign_flip_rate", standing.getSignFlipRate());
        }
        try {
            if (out == null) {
                out = Files.newBufferedWriter(DataFiles.withParent(file), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            out.write(RewireJson.mapper().writeValueAsString(line));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the promotion audit " + file + ": " + e.getMessage(), e);
        }
        log.accept("shadow: " + event + (batchIndex >= 0 ? " after batch " + batchIndex : "")
                + (rule == null ? "" : " by rule \"" + rule + "\"") + ": " + reason + " (live "
                + abbreviate(liveSha) + ", candidate " + abbreviate(candidateSha) + "); audited in " + file);
    }

    private static String abbreviate(String sha) {
        return sha == null ? "none" : sha.substring(0, Math.min(12, sha.length()));
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the promotion audit " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
