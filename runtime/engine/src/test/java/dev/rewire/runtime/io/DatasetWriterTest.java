package dev.rewire.runtime.io;

import dev.rewire.runtime.engine.pairs.PairPipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rewire.framework.model.Verdict;
import dev.rewire.framework.record.Provenance;
import dev.rewire.framework.record.WeightedPair;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
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

    private static DatasetWriter writer(DatasetWriter.Format format, double minWeight) {
        return new DatasetWriter(format, minWeight, false, DatasetWriter.Sampling.NONE, null,
                DatasetWriter.Template.PLAIN, "\n\n");
    }

    /** TRL joins a standard prompt and response as they are: the prompt ends with the separator. */
    @Test
    void plainTrlRowsEndThePromptWithTheSeparator() throws Exception {
        StringWriter out = new StringWriter();
        DatasetWriter.Summary s = writer(DatasetWriter.Format.TRL_REWARD, 0).write(PAIRS, out);
        assertEquals(2, s.written());
        String first = out.toString().lines().findFirst().orElseThrow();
        assertEquals("{\"prompt\":\"Q?\\n\\n\",\"chosen\":\"good\",\"rejected\":\"bad\",\"margin\":" + Math.log(9) + "}",
                first);
        out = new StringWriter();
        writer(DatasetWriter.Format.TRL_DPO, 0).write(PAIRS, out);
        assertEquals("{\"prompt\":\"Q?\\n\\n\",\"chosen\":\"good\",\"rejected\":\"bad\"}",
                out.toString().lines().findFirst().orElseThrow());
    }

    /** The conversational format: TRL applies the tokenizer's chat template between prompt and response. */
    @Test
    void chatTrlRowsAreMessages() throws Exception {
        StringWriter out = new StringWriter();
        new DatasetWriter(DatasetWriter.Format.TRL_DPO, 0, false, DatasetWriter.Sampling.NONE, null,
                DatasetWriter.Template.CHAT, "").write(PAIRS.subList(0, 1), out);
        assertEquals("{\"prompt\":[{\"role\":\"user\",\"content\":\"Q?\"}],"
                + "\"chosen\":[{\"role\":\"assistant\",\"content\":\"good\"}],"
                + "\"rejected\":[{\"role\":\"assistant\",\"content\":\"bad\"}]}", out.toString().strip());
    }

    @Test
    void theMarginIsTheBradleyTerryGapOfTheAggregatedPreferenceCapped() {
        assertEquals(0.0, PairPipeline.margin(0.5));
        assertEquals(Math.log(3), PairPipeline.margin(0.75), 1e-12);
        assertEquals(PairPipeline.MAX_MARGIN, PairPipeline.margin(0.999999));
        assertEquals(PairPipeline.MAX_MARGIN, PairPipeline.margin(1.0));
    }

    /** TRL reads no weight: a pair of weight 0 would train at full strength, so TRL datasets drop it and say so. */
    @Test
    void pairsOfWeightZeroLeaveTrlDatasetsUnlessKept() throws Exception {
        DatasetWriter.Summary s = writer(DatasetWriter.Format.TRL_DPO, 0).write(PAIRS, new StringWriter());
        assertEquals(new DatasetWriter.Summary(2, 1, 0, 0), s);
        assertEquals(3, new DatasetWriter(DatasetWriter.Format.TRL_DPO, 0, true, DatasetWriter.Sampling.NONE, null,
                DatasetWriter.Template.PLAIN, "").write(PAIRS, new StringWriter()).written());
        assertEquals(3, writer(DatasetWriter.Format.REWIRE, 0).write(PAIRS, new StringWriter()).written(),
                "the rewire format carries the weight: nothing dropped");
        assertEquals(new DatasetWriter.Summary(1, 1, 1, 0), writer(DatasetWriter.Format.TRL_DPO, 0.5)
                .write(PAIRS, new StringWriter()));
        assertThrows(IllegalArgumentException.class, () -> writer(DatasetWriter.Format.REWIRE, 1.5));
    }

    @Test
    void thinningKeepsPairsInProportionToTheirWeight() throws Exception {
        List<WeightedPair> many = Collections.nCopies(4000, pair("q", 0.25, 0.8));
        DatasetWriter.Summary s = new DatasetWriter(DatasetWriter.Format.TRL_DPO, 0, false, DatasetWriter.Sampling.THIN,
                new Random(1), DatasetWriter.Template.PLAIN, "").write(many, new StringWriter());
        assertEquals(1000, s.written(), 4 * Math.sqrt(4000 * 0.25 * 0.75)); // within 4 standard deviations
        assertEquals(4000 - s.written(), s.droppedBySampling());
    }

    /**
     * Resampling keeps the dataset's size and draws each pair in proportion to its weight: 1000
     * pairs of weight 1 and 1000 of weight 0.25 give 4000 rows of the first for 1000 of the second,
     * in expectation 1600 and 400 of 2000.
     */
    @Test
    void resamplingDrawsRowsInProportionToTheWeights() throws Exception {
        List<WeightedPair> pairs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            pairs.add(pair("heavy-" + i, 1.0, 0.9));
            pairs.add(pair("light-" + i, 0.25, 0.9));
        }
        StringWriter out = new StringWriter();
        DatasetWriter.Summary s = new DatasetWriter(DatasetWriter.Format.REWIRE, 0, false, DatasetWriter.Sampling.RESAMPLE,
                new Random(3), DatasetWriter.Template.PLAIN, "").write(pairs, out);
        assertEquals(2000, s.written());
        long heavy = out.toString().lines().filter(l -> l.contains("\"id\":\"heavy-")).count();
        assertEquals(1600, heavy, 4 * Math.sqrt(2000 * 0.8 * 0.2));
    }
}
