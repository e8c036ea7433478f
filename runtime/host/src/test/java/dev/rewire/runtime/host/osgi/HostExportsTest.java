package dev.rewire.runtime.host.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HostExportsTest {

    private static final Pattern EXPORT = Pattern.compile("(?:^|,)([a-z][\\w.]*);version=\"([^\"]+)\"");

    /** The bundle API is the four packages with a package-info, each at its declared version. */
    @Test
    void frameworkExportsOnlyTheBundleApiAtItsDeclaredVersions() {
        Set<String> exported = new TreeSet<>();
        Matcher m = EXPORT.matcher(HostExports.frameworkExports());
        while (m.find()) {
            exported.add(m.group(1) + "@" + m.group(2));
        }
        assertEquals(Set.of("dev.rewire.framework.grading@1.0.0", "dev.rewire.framework.model@1.1.0",
                "dev.rewire.framework.spi@1.2.0", "dev.rewire.framework.stats@1.2.0", "dev.rewire.framework.text@1.1.0"),
                exported);
    }

    @Test
    void djlIsExportedAtTheVersionItsJarDeclares() {
        String extra = HostExports.systemPackagesExtra();
        assertTrue(extra.contains("ai.djl.ndarray;version=\"0.36.0\""), extra);
        assertTrue(extra.startsWith(HostExports.frameworkExports() + ","), extra);
    }
}
