package dev.rewire.runtime.pairs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.WeightedPair;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DatasetWriterTest {

    private static WeightedPair pair(String id, double weight, double pChosen) {
        return new WeightedPair(id, "p", "Q?", "good", "bad", weight, pChosen, PairPipeline.margin(pChosen),
                Verdict.GENUINE, List.of(), new Provenance(Map.of(), "sha", null));
    }

    private static final List<WeightedPair> PAIRS = List.of(pair("1", 1.0, 0.9), pair("2", 0.25, 0.5),
            pair("3", 0.0, 1.0));

    @Test
    void trlColumnsOnly() throws Exception {
        StringWriter out = new StringWriter();
        assertEquals(3, new DatasetWriter(DatasetWriter.Format.TRL_REWARD, 0, null).write(PAIRS, out));
        String first = out.toString().lines().findFirst().orElseThrow();
        assertEquals("{\"prompt\":\"Q?\",\"chosen\":\"good\",\"rejected\":\"bad\",\"margin\":" + Math.log(9) + "}", first);
        out = new StringWriter();
        new DatasetWriter(DatasetWriter.Format.TRL_DPO, 0, null).write(PAIRS, out);
        assertEquals("{\"prompt\":\"Q?\",\"chosen\":\"good\",\"rejected\":\"bad\"}", out.toString().lines().findFirst()
                .orElseThrow());
    }

    @Test
    void theMarginIsTheBradleyTerryGapOfTheAggregatedPreferenceCapped() {
        assertEquals(0.0, PairPipeline.margin(0.5));
        assertEquals(Math.log(3), PairPipeline.margin(0.75), 1e-12);
        assertEquals(PairPipeline.MAX_MARGIN, PairPipeline.margin(0.999999));
        assertEquals(PairPipeline.MAX_MARGIN, PairPipeline.margin(1.0));
    }

    @Test
    void minWeightDropsAndSamplingKeepsPairsInProportionToTheirWeight() throws Exception {
        StringWriter out = new StringWriter();
        assertEquals(2, new DatasetWriter(DatasetWriter.Format.REWIRE, 0.25, null).write(PAIRS, out));
        assertEquals(1, new DatasetWriter(DatasetWriter.Format.REWIRE, 0.5, null).write(PAIRS, new StringWriter()));
        List<WeightedPair> many = java.util.Collections.nCopies(4000, pair("q", 0.25, 0.8));
        long kept = new DatasetWriter(DatasetWriter.Format.TRL_DPO, 0, new Random(1)).write(many, new StringWriter());
        assertEquals(1000, kept, 4 * Math.sqrt(4000 * 0.25 * 0.75)); // within 4 standard deviations
        assertEquals(0, new DatasetWriter(DatasetWriter.Format.TRL_DPO, 0, new Random(1)).write(
                List.of(pair("z", 0.0, 1.0)), new StringWriter()), "weight 0 is never sampled");
        assertThrows(IllegalArgumentException.class, () -> new DatasetWriter(DatasetWriter.Format.REWIRE, 1.5, null));
    }
}
