package dev.rewire.framework.spi;

/** How rewards become advantages within a group (samples of one prompt). */
public enum Normalization {
    /** advantage = reward */
    NONE,
    /** advantage = reward - group mean (Dr. GRPO style) */
    MEAN,
    /** advantage = (reward - group mean) / (group std + epsilon), population std (GRPO style) */
    MEAN_STD
}
