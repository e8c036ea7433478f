package dev.rewire.runtime.engine.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.policy.ShadowStanding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The promotion audit: one JSON line per event, appended across runs, the same event on the log. */
class PromotionAuditTest {

    private static final String LIVE = "1".repeat(64);
    private static final String CANDIDATE = "2".repeat(64);

    @Test
    void eachEventIsOneJsonLineWithTheStandingAndOneLogLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit/promotions.jsonl");
        List<String> log = new ArrayList<>();
        try (PromotionAudit audit = new PromotionAudit(file, log::add)) {
            audit.write("ROLLBACK", 4, "roll back: x", "mean shift too large", LIVE, CANDIDATE,
                    new ShadowStanding(4, 5, 40, 1, 2, 0, 0.25, 0.5, 0.125, LIVE, CANDIDATE));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), "the parent folder is created");
        JsonNode line = RewireJson.mapper().readTree(lines.get(0));
        List<String> fields = new ArrayList<>();
        line.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("event", "time", "batch", "rule", "reason", "live_policy", "candidate_policy", "batches_compared",
                "samples_compared", "checks_worse", "checks_better", "batches_blocked_by_candidate", "mean_reward_shift",
                "sign_flip_rate"), fields);
        assertEquals("ROLLBACK", line.get("event").asText());
        assertEquals(4, line.get("batch").asLong());
        assertEquals(5, line.get("batches_compared").asLong());
        assertEquals(40, line.get("samples_compared").asLong());
        assertEquals(0.25, line.get("mean_reward_shift").asDouble());
        assertEquals(0.125, line.get("sign_flip_rate").asDouble());
        assertEquals(List.of("shadow: ROLLBACK after batch 4 by rule \"roll back: x\": mean shift too large (live 111111111111, "
                + "candidate 222222222222); audited in " + file), log);
    }

    @Test
    void aRefusedCandidateHasNoStandingNoRuleNoBatchAndRunsAppendToOneFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("promotions.jsonl");
        List<String> log = new ArrayList<>();
        try (PromotionAudit first = new PromotionAudit(file, log::add)) {
            first.write("REFUSED", -1, null, "does not compile", LIVE, null, null);
        }
        try (PromotionAudit second = new PromotionAudit(file, log::add)) {
            second.write("PROMOTE", 19, "promote: 20 batches", "fine", LIVE, CANDIDATE, null);
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), "the second run appended");
        JsonNode refused = RewireJson.mapper().readTree(lines.get(0));
        assertEquals("REFUSED", refused.get("event").asText());
        // Rewire's JSON leaves nulls out: no candidate hash, no rule, no standing
        assertFalse(refused.has("candidate_policy"));
        assertFalse(refused.has("rule"));
        assertFalse(refused.has("batches_compared"));
        assertEquals(-1, refused.get("batch").asLong());
        assertEquals("shadow: REFUSED: does not compile (live 111111111111, candidate none); audited in " + file, log.get(0));
        assertEquals("PROMOTE", RewireJson.mapper().readTree(lines.get(1)).get("event").asText());
    }

    @Test
    void nothingIsCreatedBeforeTheFirstEvent(@TempDir Path dir) {
        Path file = dir.resolve("never.jsonl");
        new PromotionAudit(file, l -> { }).close();
        assertFalse(Files.exists(file));
    }
}
