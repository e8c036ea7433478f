package dev.rewire.runtime.cli;

import dev.rewire.runtime.host.RewireRuntime;
import dev.rewire.runtime.host.RuntimeOptions;
import dev.rewire.runtime.host.BundleCalls;
import dev.rewire.runtime.host.Services;
import dev.rewire.runtime.host.policy.PolicyEngine;
import dev.rewire.runtime.engine.shadow.ShadowPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** Shadow-policy options, shared by {@code score} and {@code serve}. */
final class ShadowOptions {

    @Option(names = "--shadow-policy", paramLabel = "DIR",
            description = "Also decide every batch under this candidate policy folder (its own policy session, terms, "
                    + "scorer and checks); live records are unchanged. The promotion rules promote it (it becomes the "
                    + "live policy from the next batch on) or roll it back (shadowing stops).")
    Path shadowPolicy;

    @FileRole(FileRole.Kind.WRITTEN)
    @Option(names = "--shadow-out", paramLabel = "FILE",
            description = "Where the per-sample diff goes, one JSON line per sample and batch (default: beside --out, "
                    + "NAME.shadow.jsonl; rewire.shadow.jsonl when writing to stdout or serving).")
    Path shadowOut;

    @Option(names = "--promotion-policy", paramLabel = "DIR",
            description = "The promotion rules: .drl files reading ShadowStanding and inserting ShadowAction "
                    + "(default: the distribution's promotion/).")
    Path promotionPolicy;

    @FileRole(FileRole.Kind.WRITTEN)
    @Option(names = "--promotion-audit", paramLabel = "FILE",
            description = "Where promotions, rollbacks and refused candidates are appended as JSON lines (default: "
                    + "beside --out, NAME.promotion-audit.jsonl; rewire.promotion-audit.jsonl when writing to stdout "
                    + "or serving).")
    Path promotionAudit;

    /** The shadow of this run, or null when no --shadow-policy was given. */
    ShadowPolicy start(RewireRuntime runtime, RuntimeOptions options, String out, Consumer<String> log)
            throws IOException {
        if (shadowPolicy == null) {
            if (shadowOut != null || promotionPolicy != null || promotionAudit != null) {
                throw new IllegalArgumentException("--shadow-out, --promotion-policy and --promotion-audit need "
                        + "--shadow-policy DIR");
            }
            return null;
        }
        if (!java.nio.file.Files.isDirectory(shadowPolicy)) {
            throw new IllegalArgumentException("--shadow-policy " + shadowPolicy + ": no such folder");
        }
        Path pairs = shadowOut != null ? shadowOut : DataFiles.beside(out, "shadow");
        Path audit = promotionAudit != null ? promotionAudit : DataFiles.beside(out, "promotion-audit");
        Path rules = promotionPolicy != null ? promotionPolicy : options.home().resolve("promotion");
        return new ShadowPolicy(runtime.services(), runtime.calls(), options,
                runtime.policy(), shadowPolicy, rules, DataFiles.withParent(pairs), audit, log);
    }
}
