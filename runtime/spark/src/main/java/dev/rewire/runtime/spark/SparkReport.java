package dev.rewire.runtime.spark;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.record.RewardRecord;
import dev.rewire.framework.spi.CheckResult;
import dev.rewire.framework.spi.ScoredSample;
import dev.rewire.runtime.engine.CheckWindow;
import dev.rewire.runtime.io.ScoredRecordReader;
import dev.rewire.runtime.pages.Report;
import dev.rewire.runtime.pages.ReportCollector;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code rewire score --report} for a Spark job: the report the local run would write, exactly.
 * The batches' check results were measured on the executors, each batch within its partition
 * (and a partition starts from its predecessor's state, so they are the local run's); the driver
 * reads the records and those results once more, in order, a batch at a time, into the same
 * {@link ReportCollector}, whose uniform sample of at most 100,000 scored samples is the one the
 * local run draws; every check then runs once more over it on a host of the driver's. The checks
 * over the whole run are therefore computed on exactly the samples a local run gives them, not
 * averaged from partitions. What it costs: reading every record on the driver once (about 50,000
 * records a second); memory stays one batch and the sample.
 */
final class SparkReport {

    private static final TypeReference<List<CheckResult>> CHECKS = new TypeReference<>() {
    };

    private SparkReport() {
    }

    static Report collect(SparkScore.Result result, HostShipment shipment, JobSettings settings,
                          Duration runCheckTimeout, Consumer<String> log) throws IOException {
        ReportCollector collector = new ReportCollector(settings.scoringOptions(), settings.minCheckSamples());
        List<ScoredSample> scored = new ArrayList<>();
        List<RewardRecord> records = new ArrayList<>();
        for (Iterator<JobOutput> it = result.batches().toLocalIterator(); it.hasNext(); ) {
            JobOutput o = it.next();
            if (o.isRecord()) {
                ScoredRecordReader.Scored s = ScoredRecordReader.read(o.text());
                scored.add(s.sample());
                records.add(s.record());
            } else {
                collector.add(o.batch(), RewireJson.mapper().readValue(o.text(), CHECKS), scored, records);
                scored = new ArrayList<>();
                records = new ArrayList<>();
            }
        }
        ExecutorHosts.Host host = ExecutorHosts.borrow(shipment, settings);
        try {
            CheckWindow totals = CheckWindow.wholeRun(host.runtime.services().checks(), host.runtime.calls(),
                    runCheckTimeout, settings.minCheckSamples(), log);
            return collector.finish(totals, null, null);
        } finally {
            ExecutorHosts.giveBack(host);
        }
    }
}
