package dev.rewire.runtime.serve;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of {@code GET /stats}: per-term figures under the names TRL logs its reward functions by
 * ({@code rewards/{term}/mean}, {@code /std}) plus {@code /abstain_rate}, {@code /zero_variance_share}
 * and {@code /routed}, and the reward's ({@code reward}, {@code reward_std}), over the samples since
 * the last swap or policy change; the same over the recent window under {@code recent/}; the policy
 * in force, the windows' sizes and the checks' latest windows. A figure with no finite value is null.
 */
final class TrainerStats {

    private TrainerStats() {
    }

    static Map<String, Object> of(ServingWindows windows, CheckBoard checks, String policySha256) {
        Map<String, Object> out = new LinkedHashMap<>();
        ServingWindows.Figures since = windows.sinceSwap();
        put(out, "", since);
        put(out, "recent/", windows.recent());
        out.put("policy", policySha256);
        Map<String, Object> window = new HashMap<>();
        window.put("since_swap_samples", since.samples());
        window.put("recent_size", windows.recentSize());
        out.put("window", window);
        out.put("checks", checks.describe());
        return out;
    }

    private static void put(Map<String, Object> out, String prefix, ServingWindows.Figures f) {
        f.terms().forEach((term, t) -> {
            out.put(prefix + "rewards/" + term + "/mean", finite(t.mean()));
            out.put(prefix + "rewards/" + term + "/std", finite(t.std()));
            out.put(prefix + "rewards/" + term + "/abstain_rate", finite(t.abstainRate()));
            out.put(prefix + "rewards/" + term + "/zero_variance_share", finite(t.zeroVarianceShare()));
            out.put(prefix + "rewards/" + term + "/routed", t.routed());
        });
        out.put(prefix + "reward", finite(f.rewardMean()));
        out.put(prefix + "reward_std", finite(f.rewardStd()));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
