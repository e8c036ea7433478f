package dev.rewire.bundles.filter.retest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rewire.framework.model.Judgment;
import dev.rewire.framework.model.PairSignal;
import dev.rewire.framework.model.PreferencePair;
import dev.rewire.framework.spi.FilterEvidence;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** test_retest's per-annotator agreement, pooled over their items and tested against chance. */
class RetestPoolingTest {

    @Test
    void everySignalCarriesItsAnnotatorsPooledAgreementAndItsBinomialP() {
        TestRetestFilter filter = new TestRetestFilter();
        filter.configure(new TestRetestFilter.Config() {
            @Override public double min__stability() { return 0.75; }
            @Override public Class<? extends Annotation> annotationType() { return TestRetestFilter.Config.class; }
        });
        List<PairSignal> signals = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<Judgment> js = List.of(new Judgment("u", "a", 1, "ab", null, 4000L),
                    new Judgment("u", i == 0 ? "b" : "a", 2, "ba", null, 4000L));
            signals.add(new PairSignal(new PreferencePair("p" + i, "q", "q", "x", "y", "chat", js), "u", js));
        }
        List<FilterEvidence> evidence = filter.assess(signals);
        assertEquals(10, evidence.size());
        for (FilterEvidence e : evidence) {
            assertEquals(0.9, e.metrics().get("annotator_retest_agreement"), 1e-12);
            assertEquals(10.0, e.metrics().get("annotator_retest_signals"));
            // P(X >= 9 | 10 fair coins) = 11 / 1024
            assertEquals(11.0 / 1024, e.metrics().get("annotator_retest_p"), 1e-15);
        }
        assertEquals("u agreed with themself on 9 of 10 repeated pairs (chance 50%, p 1.1e-02)",
                evidence.get(0).reasons().get(2));
    }
}
