package dev.rewire.runtime.osgi;

import java.util.List;

/**
 * The packages the host class path exports into OSGi: the framework API (the one contract every
 * bundle compiles against) and DJL, which must live on the host because a JNI library can belong
 * to one class loader only.
 */
final class HostExports {

    static final String FRAMEWORK_VERSION = "0.1.0";
    static final String DJL_VERSION = "0.36.0";

    private static final List<String> FRAMEWORK = List.of(
            "dev.rewire.framework.model",
            "dev.rewire.framework.spi",
            "dev.rewire.framework.policy",
            "dev.rewire.framework.json",
            "dev.rewire.framework.text",
            "dev.rewire.framework.stats");

    private static final List<String> DJL = List.of(
            "ai.djl",
            "ai.djl.engine",
            "ai.djl.ndarray",
            "ai.djl.ndarray.index",
            "ai.djl.ndarray.types",
            "ai.djl.util");

    private HostExports() {
    }

    /** The value of {@code org.osgi.framework.system.packages.extra}. */
    static String systemPackagesExtra() {
        StringBuilder sb = new StringBuilder();
        for (String p : FRAMEWORK) {
            append(sb, p, FRAMEWORK_VERSION);
        }
        for (String p : DJL) {
            append(sb, p, DJL_VERSION);
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String pkg, String version) {
        if (sb.length() > 0) {
            sb.append(',');
        }
        sb.append(pkg).append(";version=").append(version);
    }
}
