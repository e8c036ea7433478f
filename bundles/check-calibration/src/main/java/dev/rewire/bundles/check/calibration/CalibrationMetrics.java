package dev.rewire.bundles.check.calibration;

import dev.rewire.framework.stats.Ranks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibration of forecasts p (stated confidences) against outcomes y (correct or not), as
 * DOMAIN.md defines them. Immutable once computed.
 *
 * <ul>
 *   <li>ECE = sum over bins of (n_m / N) |acc_m - conf_m|; MCE = the largest gap; RMSCE = the
 *       square root of the weighted squared gaps.</li>
 *   <li>Brier = mean (p - y)^2, with the Murphy decomposition plus the within-bin terms of
 *       Stephenson et al. (2008), so that Brier = REL - RES + UNC + WBV - WBC holds exactly for any
 *       binning (REL - RES + UNC alone is exact only when forecasts in a bin are equal).</li>
 *   <li>Log loss: natural log, p clipped to [1e-15, 1 - 1e-15].</li>
 *   <li>AUROC of confidence for correctness: Mann-Whitney, ties counted 1/2; NaN without both classes.</li>
 * </ul>
 */
final class CalibrationMetrics {

    static final double LOG_LOSS_CLIP = 1e-15;

    final int n;
    final int[] count;
    final double[] meanConfidence;
    final double[] accuracy;
    final double ece;
    final double mce;
    final double rmsce;
    final double brier;
    final double reliability;
    final double resolution;
    final double uncertainty;
    final double withinBinVariance;
    final double withinBinCovariance;
    final double logLoss;
    final double auroc;

    CalibrationMetrics(double[] p, boolean[] y, int bins, Binning binning) {
        n = p.length;
        int[] bin = binning.assign(p, bins);
        count = new int[bins];
        double[] sumP = new double[bins];
        double[] sumY = new double[bins];
        double brierSum = 0;
        double logSum = 0;
        double positives = 0;
        for (int i = 0; i < n; i++) {
            double o = y[i] ? 1 : 0;
            count[bin[i]]++;
            sumP[bin[i]] += p[i];
            sumY[bin[i]] += o;
            brierSum += (p[i] - o) * (p[i] - o);
            double q = Math.min(1 - LOG_LOSS_CLIP, Math.max(LOG_LOSS_CLIP, p[i]));
            logSum += y[i] ? Math.log(q) : Math.log(1 - q);
            positives += o;
        }
        meanConfidence = new double[bins];
        accuracy = new double[bins];
        double base = n == 0 ? Double.NaN : positives / n;
        double e = 0;
        double m = 0;
        double sq = 0;
        double rel = 0;
        double res = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] == 0) {
                meanConfidence[b] = Double.NaN;
                accuracy[b] = Double.NaN;
                continue;
            }
            meanConfidence[b] = sumP[b] / count[b];
            accuracy[b] = sumY[b] / count[b];
            double w = (double) count[b] / n;
            double gap = accuracy[b] - meanConfidence[b];
            e += w * Math.abs(gap);
            m = Math.max(m, Math.abs(gap));
            sq += w * gap * gap;
            rel += w * gap * gap;
            res += w * (accuracy[b] - base) * (accuracy[b] - base);
        }
        double wbv = 0;
        double wbc = 0;
        for (int i = 0; i < n; i++) {
            double dp = p[i] - meanConfidence[bin[i]];
            wbv += dp * dp;
            wbc += 2 * dp * ((y[i] ? 1 : 0) - accuracy[bin[i]]);
        }
        ece = e;
        mce = m;
        rmsce = Math.sqrt(sq);
        brier = n == 0 ? Double.NaN : brierSum / n;
        reliability = rel;
        resolution = res;
        uncertainty = base * (1 - base);
        withinBinVariance = n == 0 ? Double.NaN : wbv / n;
        withinBinCovariance = n == 0 ? Double.NaN : wbc / n;
        logLoss = n == 0 ? Double.NaN : -logSum / n;
        auroc = auroc(p, y);
    }

    /** Mann-Whitney U over average ranks, so tied confidences count 1/2. */
    static double auroc(double[] p, boolean[] y) {
        int n = p.length;
        double[] rank = Ranks.average(p);
        double pos = 0;
        double rankSum = 0;
        for (int i = 0; i < n; i++) {
            if (y[i]) {
                pos++;
                rankSum += rank[i];
            }
        }
        double neg = n - pos;
        return pos == 0 || neg == 0 ? Double.NaN : (rankSum - pos * (pos + 1) / 2) / (pos * neg);
    }

    /** The headline numbers, flat. */
    Map<String, Double> headline() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("n", (double) n);
        m.put("ece", ece);
        m.put("mce", mce);
        m.put("rmsce", rmsce);
        m.put("brier", brier);
        m.put("reliability", reliability);
        m.put("resolution", resolution);
        m.put("uncertainty", uncertainty);
        m.put("within_bin_variance", withinBinVariance);
        m.put("within_bin_covariance", withinBinCovariance);
        m.put("log_loss", logLoss);
        m.put("auroc", auroc);
        return m;
    }

    /** Per bin: index, count, mean confidence, accuracy (empty bins included, NaN as null). */
    List<Map<String, Object>> binTable() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int b = 0; b < count.length; b++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("bin", b);
            row.put("count", count[b]);
            row.put("mean_confidence", count[b] == 0 ? null : meanConfidence[b]);
            row.put("accuracy", count[b] == 0 ? null : accuracy[b]);
            rows.add(row);
        }
        return rows;
    }
}
