package dev.rewire.bench;

import dev.rewire.framework.spi.ScoringRequest;

/** The scorer's arithmetic in plain loops: the baseline the DJL scorer is measured against. */
final class PlainScorer {

    private PlainScorer() {
    }

    static double[] advantages(ScoringRequest r) {
        int n = r.samples();
        int k = r.termIds().size();
        int g = r.groupCount();
        double[] reward = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int t = 0; t < k; t++) {
                double v = r.values()[i * k + t];
                if (!Double.isNaN(v)) {
                    sum += v * r.weights()[i * k + t];
                }
            }
            reward[i] = Math.min(r.options().clipMax(), Math.max(r.options().clipMin(), sum));
        }
        double[] mean = new double[g];
        double[] count = new double[g];
        for (int i = 0; i < n; i++) {
            mean[r.groups()[i]] += reward[i];
            count[r.groups()[i]]++;
        }
        for (int j = 0; j < g; j++) {
            mean[j] /= count[j];
        }
        double[] var = new double[g];
        for (int i = 0; i < n; i++) {
            double d = reward[i] - mean[r.groups()[i]];
            var[r.groups()[i]] += d * d;
        }
        double[] adv = new double[n];
        for (int i = 0; i < n; i++) {
            int j = r.groups()[i];
            adv[i] = (reward[i] - mean[j]) / (Math.sqrt(var[j] / count[j]) + r.options().epsilon());
        }
        return adv;
    }
}
