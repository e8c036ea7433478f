package dev.rewire.runtime.osgi;

import ai.djl.engine.Engine;
import dev.rewire.framework.spi.RewardTerm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * The packages the host class path exports into OSGi: the framework's bundle API, exactly as the
 * framework's build declares it, and DJL, which must live on the host because a JNI library can
 * belong to one class loader only.
 *
 * <p>Nothing here is typed by hand: the framework's {@code Export-Package} header is the one bnd
 * wrote from the {@code @Export @Version} annotations on its package-info files (so a bundle's
 * computed import range and the host's export always agree), and DJL's version is the one its jar
 * says it is.
 */
final class HostExports {

    static final String FRAMEWORK_SYMBOLIC_NAME = "dev.rewire.framework";

    /** The DJL packages bundles may use: the NDArray API and the engine entry point. */
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
        StringBuilder sb = new StringBuilder(frameworkExports());
        String djlVersion = djlVersion();
        for (String p : DJL) {
            sb.append(',').append(p).append(";version=\"").append(djlVersion).append('"');
        }
        return sb.toString();
    }

    /** The framework jar's {@code Export-Package} header. */
    static String frameworkExports() {
        ClassLoader loader = RewardTerm.class.getClassLoader();
        try {
            Enumeration<URL> manifests = loader.getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                URL url = manifests.nextElement();
                try (InputStream in = url.openStream()) {
                    Attributes main = new Manifest(in).getMainAttributes();
                    if (FRAMEWORK_SYMBOLIC_NAME.equals(main.getValue("Bundle-SymbolicName"))) {
                        String exports = main.getValue("Export-Package");
                        if (exports == null || exports.isBlank()) {
                            throw new IllegalStateException(url + " exports no package");
                        }
                        return exports;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the framework's manifest", e);
        }
        throw new IllegalStateException("no manifest with Bundle-SymbolicName " + FRAMEWORK_SYMBOLIC_NAME
                + " on the class path: the framework was not built by bnd (mvn package builds it)");
    }

    private static String djlVersion() {
        String version = Engine.class.getPackage().getSpecificationVersion();
        if (version == null) {
            throw new IllegalStateException("DJL's api jar names no Specification-Version");
        }
        return version;
    }
}
