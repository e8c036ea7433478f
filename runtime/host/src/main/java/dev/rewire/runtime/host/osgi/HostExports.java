package dev.rewire.runtime.host.osgi;

import ai.djl.engine.Engine;
import dev.rewire.framework.spi.RewardTerm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
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

    /**
     * The framework's {@code Export-Package} header, read from the manifest beside its classes (the
     * jar in a distribution, {@code target/classes} in a build that stops before packaging): one
     * manifest read, not a scan of every jar on the class path.
     */
    static String frameworkExports() {
        Path classes;
        try {
            classes = Path.of(RewardTerm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the framework's classes: " + e, e);
        }
        Manifest manifest;
        try {
            if (Files.isDirectory(classes)) {
                try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
                    manifest = new Manifest(in);
                }
            } else {
                try (JarFile jar = new JarFile(classes.toFile())) {
                    manifest = jar.getManifest();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the framework's manifest in " + classes, e);
        }
        Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
        String exports = main.getValue("Export-Package");
        if (!FRAMEWORK_SYMBOLIC_NAME.equals(main.getValue("Bundle-SymbolicName")) || exports == null
                || exports.isBlank()) {
            throw new IllegalStateException(classes + " has no manifest of " + FRAMEWORK_SYMBOLIC_NAME
                    + " exporting packages: the framework was not built by bnd (mvn package builds it)");
        }
        return exports;
    }

    private static String djlVersion() {
        String version = Engine.class.getPackage().getSpecificationVersion();
        if (version == null) {
            throw new IllegalStateException("DJL's api jar names no Specification-Version");
        }
        return version;
    }
}
