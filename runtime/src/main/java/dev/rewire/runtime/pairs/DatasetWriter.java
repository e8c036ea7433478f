package dev.rewire.runtime.pairs;

import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.record.WeightedPair;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes the weighted dataset in the columns a trainer reads. TRL's RewardTrainer takes
 * {@code chosen}, {@code rejected} and, when present, {@code margin} (its loss is
 * -log sigmoid(r_chosen - r_rejected - margin)); its DPOTrainer takes {@code prompt},
 * {@code chosen}, {@code rejected}. Neither reads a per-pair weight, so the weight acts here:
 * pairs under {@code minWeight} are dropped, and with a sampler each remaining pair is kept with
 * probability equal to its weight (down-sampling in expectation to the weighted dataset).
 */
public final class DatasetWriter {

    /** The columns written. */
    public enum Format {
        /** Every field of {@link WeightedPair}: weights, posteriors, verdicts, reasons, provenance. */
        REWIRE,
        /** {@code prompt}, {@code chosen}, {@code rejected}, {@code margin}: TRL's RewardTrainer. */
        TRL_REWARD,
        /** {@code prompt}, {@code chosen}, {@code rejected}: TRL's DPOTrainer (and ORPO, CPO, ...). */
        TRL_DPO
    }

    private final Format format;
    private final double minWeight;
    private final Random sampler;

    /**
     * @param format    the columns
     * @param minWeight pairs with a lower weight are left out (0 keeps every pair)
     * @param sampler   when not null, keeps each pair with probability = its weight
     */
    public DatasetWriter(Format format, double minWeight, Random sampler) {
        if (!(minWeight >= 0 && minWeight <= 1)) {
            throw new IllegalArgumentException("--min-weight must be in [0, 1], got " + minWeight);
        }
        this.format = format;
        this.minWeight = minWeight;
        this.sampler = sampler;
    }

    /** Writes the pairs that pass, one JSON object a line; returns how many. */
    public long write(List<WeightedPair> pairs, Writer out) throws IOException {
        long written = 0;
        for (WeightedPair p : pairs) {
            if (p.weight() < minWeight || (sampler != null && sampler.nextDouble() >= p.weight())) {
                continue;
            }
            out.write(RewireJson.mapper().writeValueAsString(columns(p)));
            out.write('\n');
            written++;
        }
        return written;
    }

    private Object columns(WeightedPair p) {
        if (format == Format.REWIRE) {
            return p;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("prompt", p.prompt());
        row.put("chosen", p.chosen());
        row.put("rejected", p.rejected());
        if (format == Format.TRL_REWARD) {
            row.put("margin", p.margin());
        }
        return row;
    }
}
