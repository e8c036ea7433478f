package dev.rewire.runtime.cli;

import dev.rewire.runtime.apps.ShadowSetup;

import java.nio.file.Path;
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

    /** What the options name, checked (a shadow's outputs need a shadow policy). */
    ShadowSetup setup() {
        return new ShadowSetup(shadowPolicy, shadowOut, promotionPolicy, promotionAudit);
    }
}
