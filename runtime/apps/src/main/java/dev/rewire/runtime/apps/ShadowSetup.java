package dev.rewire.runtime.apps;

import dev.rewire.runtime.engine.shadow.ShadowPolicy;
import dev.rewire.runtime.host.RewireRuntime;
import dev.rewire.runtime.io.DataFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A candidate policy to decide every batch beside the live one ({@code --shadow-policy} and its
 * outputs), shared by {@code score} and {@code serve}. Null fields take their defaults.
 *
 * @param policy          the candidate's policy folder, or null for no shadow
 * @param diffOut         where the per-sample diff goes (default: beside the output, NAME.shadow.jsonl)
 * @param promotionPolicy the promotion rules (default: the distribution's promotion/)
 * @param promotionAudit  where promotions and rollbacks are appended (default: beside the output)
 */
public record ShadowSetup(Path policy, Path diffOut, Path promotionPolicy, Path promotionAudit) {

    public static final ShadowSetup NONE = new ShadowSetup(null, null, null, null);

    public ShadowSetup {
        if (policy == null && (diffOut != null || promotionPolicy != null || promotionAudit != null)) {
            throw new IllegalArgumentException("--shadow-out, --promotion-policy and --promotion-audit need "
                    + "--shadow-policy DIR");
        }
    }

    /** The shadow of a run writing {@code out} ("-" for a stream), or null when no candidate was named. */
    public ShadowPolicy start(RewireRuntime runtime, String out, Consumer<String> log) throws IOException {
        if (policy == null) {
            return null;
        }
        if (!Files.isDirectory(policy)) {
            throw new IllegalArgumentException("--shadow-policy " + policy + ": no such folder");
        }
        Path pairs = diffOut != null ? diffOut : DataFiles.beside(out, "shadow");
        Path audit = promotionAudit != null ? promotionAudit : DataFiles.beside(out, "promotion-audit");
        Path rules = promotionPolicy != null ? promotionPolicy : runtime.options().home().resolve("promotion");
        return new ShadowPolicy(runtime.services(), runtime.calls(), runtime.options(), runtime.policy(), policy,
                rules, DataFiles.withParent(pairs), audit, log);
    }
}
