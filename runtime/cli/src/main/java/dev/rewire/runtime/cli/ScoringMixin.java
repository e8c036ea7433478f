package dev.rewire.runtime.cli;

import dev.rewire.framework.spi.Normalization;
import dev.rewire.framework.spi.ScoringOptions;
import picocli.CommandLine.Option;

/** The scorer's options, shared by {@code score} and {@code serve}. */
final class ScoringMixin {

    @Option(names = "--normalize", paramLabel = "MODE", defaultValue = "mean_std",
            description = "Advantage normalization within a prompt's group: none, mean, mean_std (default: ${DEFAULT-VALUE}).")
    Normalization normalization;

    @Option(names = "--epsilon", paramLabel = "E", defaultValue = "1e-6",
            description = "Added to the group std under mean_std (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--clip-min", paramLabel = "X", defaultValue = "-Infinity",
            description = "Rewards below X are clipped to X, before normalization (default: none).")
    double clipMin;

    @Option(names = "--clip-max", paramLabel = "X", defaultValue = "Infinity",
            description = "Rewards above X are clipped to X, before normalization (default: none).")
    double clipMax;

    ScoringOptions options() {
        return new ScoringOptions(normalization, epsilon, clipMin, clipMax);
    }
}
