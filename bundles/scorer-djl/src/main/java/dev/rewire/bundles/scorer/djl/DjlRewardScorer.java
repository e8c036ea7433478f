package dev.rewire.bundles.scorer.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.rewire.framework.spi.Normalization;
import dev.rewire.framework.spi.RewardScorer;
import dev.rewire.framework.spi.ScoringOptions;
import dev.rewire.framework.spi.ScoringRequest;
import dev.rewire.framework.spi.ScoringResult;
import org.osgi.service.component.annotations.Component;

/**
 * The default scorer: the batch as N x K float64 tensors on the device the engine offers (the
 * first GPU when it reports one, else the CPU).
 *
 * <ul>
 *   <li>reward_i = clip(sum over k of w_ik * v_ik, for v_ik not NaN)</li>
 *   <li>advantage_i by the request's normalization, within sample i's group: group sums as a
 *       matrix product with the N x G one-hot group matrix, so one batch is a handful of kernels
 *       whatever its group sizes. The std is the population std (divisor n), so a one-sample
 *       group gets advantage 0 rather than NaN.</li>
 * </ul>
 * Every tensor lives in one NDManager closed before the call returns.
 */
@Component(service = RewardScorer.class)
public final class DjlRewardScorer implements RewardScorer {

    @Override
    public ScoringResult score(ScoringRequest request) {
        Device device = preferredDevice();
        int n = request.samples();
        if (n == 0) {
            return new ScoringResult(new double[0], new double[0], device.toString());
        }
        int k = request.termIds().size();
        ScoringOptions options = request.options();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray reward;
            if (k == 0) {
                reward = manager.zeros(new Shape(n), ai.djl.ndarray.types.DataType.FLOAT64);
            } else {
                NDArray values = manager.create(request.values(), new Shape(n, k));
                NDArray weights = manager.create(request.weights(), new Shape(n, k));
                NDArray counted = values.isNaN().logicalNot();
                NDArray weighted = NDArrays.where(counted, values.mul(weights), manager.zeros(values.getShape(),
                        values.getDataType()));
                reward = weighted.sum(new int[] {1});
            }
            if (Double.isFinite(options.clipMin()) || Double.isFinite(options.clipMax())) {
                reward = reward.clip(options.clipMin(), options.clipMax());
            }
            NDArray advantage = normalize(manager, reward, request, options);
            return new ScoringResult(reward.toDoubleArray(), advantage.toDoubleArray(), device.toString());
        }
    }

    private static NDArray normalize(NDManager manager, NDArray reward, ScoringRequest request, ScoringOptions options) {
        if (options.normalization() == Normalization.NONE) {
            return reward;
        }
        int n = request.samples();
        int g = request.groupCount();
        double[] oneHot = new double[n * g];
        for (int i = 0; i < n; i++) {
            oneHot[i * g + request.groups()[i]] = 1.0;
        }
        NDArray groups = manager.create(oneHot, new Shape(n, g));
        NDArray groupsT = groups.transpose();
        NDArray counts = groups.sum(new int[] {0});
        NDArray mean = groups.matMul(groupsT.matMul(reward).div(counts));
        NDArray centered = reward.sub(mean);
        if (options.normalization() == Normalization.MEAN) {
            return centered;
        }
        NDArray variance = groupsT.matMul(centered.square()).div(counts);
        NDArray std = groups.matMul(variance.sqrt());
        return centered.div(std.add(options.epsilon()));
    }

    private static Device preferredDevice() {
        Engine engine = Engine.getInstance();
        return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }
}
