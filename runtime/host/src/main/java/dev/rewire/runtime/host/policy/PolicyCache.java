package dev.rewire.runtime.host.policy;

import dev.rewire.framework.policy.SampleFact;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.kie.api.KieBase;
import org.kie.api.KieServices;

/**
 * Compiled policies kept on disk, so a host that starts with a policy it compiled before skips the
 * executable-model build (DRL parse, Java generation, ECJ: most of the start-up time). An entry is
 * the compiled KieModule, keyed by the policy's SHA-256 together with the fingerprint of the code
 * it was compiled against (the framework's fact classes and the Drools build): a new Rewire or
 * Drools build never reads an old entry. Entries are written atomically (temp file, then rename),
 * so concurrent hosts at worst compile the same policy twice. A cache that cannot be read or
 * written is reported once and skipped: it only ever costs time, never a policy. Thread safe.
 */
final class PolicyCache {

    /** Overrides where the cache lives; "off" disables it. */
    static final String LOCATION_PROPERTY = "rewire.policy.cache";
    /** Where a compiled module lists its rule model classes (the release is always 1.0.1, see PolicyCompiler). */
    private static final String MODEL_LISTING = "META-INF/kie/dev.rewire.policy/policy/drools-model";

    private final Path dir;
    private final String codeFingerprint;
    private final Consumer<String> log;
    private volatile boolean reported;

    private PolicyCache(Path dir, String codeFingerprint, Consumer<String> log) {
        this.dir = dir;
        this.codeFingerprint = codeFingerprint;
        this.log = log;
    }

    /** The cache at its configured location, or none when it is switched off. */
    static Optional<PolicyCache> configured(Consumer<String> log) {
        String location = System.getProperty(LOCATION_PROPERTY);
        if ("off".equals(location)) {
            return Optional.empty();
        }
        Path dir;
        if (location != null && !location.isBlank()) {
            dir = Path.of(location);
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            dir = base.resolve("rewire").resolve("policy");
        }
        String fingerprint = codeFingerprint();
        return fingerprint == null ? Optional.empty() : Optional.of(new PolicyCache(dir, fingerprint, log));
    }

    /**
     * The rules of this policy from its entry, when there is one: the executable model's classes are
     * loaded from the cached module and the KieBase built from them, which skips the whole build.
     * The classes stay loaded as long as the policy is in use.
     */
    Optional<KieBase> load(String policySha256) {
        Path entry = entry(policySha256);
        if (!Files.isRegularFile(entry)) {
            return Optional.empty();
        }
        try {
            URLClassLoader classes = new URLClassLoader(new URL[] {entry.toUri().toURL()},
                    PolicyCache.class.getClassLoader());
            List<Model> models = new ArrayList<>();
            try (InputStream listing = classes.getResourceAsStream(MODEL_LISTING)) {
                if (listing == null) {
                    throw new IOException("no " + MODEL_LISTING);
                }
                for (String line : new String(listing.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String name = line.trim();
                    if (!name.isEmpty() && !name.startsWith("Drools-Model-Version")) {
                        models.add((Model) Class.forName(name, true, classes).getDeclaredConstructor().newInstance());
                    }
                }
            }
            if (models.isEmpty()) {
                throw new IOException("no rule models in " + MODEL_LISTING);
            }
            return Optional.of(KieBaseBuilder.createKieBaseFromModel(models));
        } catch (IOException | ReflectiveOperationException | LinkageError | RuntimeException e) {
            log.accept("policy cache: entry for " + policySha256.substring(0, 12) + " unusable (" + e
                    + "); compiling instead");
            remove(policySha256);
            return Optional.empty();
        }
    }

    void write(String policySha256, byte[] compiledModule) {
        Path entry = entry(policySha256);
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, "policy-", ".tmp");
            Files.write(temp, compiledModule);
            Files.move(temp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            reportOnce("cannot write " + entry + ": " + e.getMessage());
        }
    }

    /** Forgets an entry that turned out unusable (a truncated file, say). */
    private void remove(String policySha256) {
        try {
            Files.deleteIfExists(entry(policySha256));
        } catch (IOException e) {
            reportOnce("cannot remove " + entry(policySha256) + ": " + e.getMessage());
        }
    }

    private Path entry(String policySha256) {
        return dir.resolve(sha256Hex((policySha256 + "\n" + codeFingerprint).getBytes()) + ".kjar");
    }

    private void reportOnce(String problem) {
        if (!reported) {
            reported = true;
            log.accept("policy cache: " + problem + " (compiling instead; set -D" + LOCATION_PROPERTY
                    + "=off to silence)");
        }
    }

    /**
     * What compiled rules depend on: the fact classes they call (the framework jar, hashed) and the
     * Drools build that generated them (its jar's name carries the version). Null when the framework
     * is not a jar (a class folder during a build): its classes change under the same name.
     */
    private static String codeFingerprint() {
        var source = SampleFact.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return null;
        }
        try {
            Path framework = Path.of(source.getLocation().toURI());
            if (!Files.isRegularFile(framework)) {
                return null;
            }
            MessageDigest sha = digest();
            try (InputStream in = new DigestInputStream(Files.newInputStream(framework), sha)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return location(KieServices.class) + "\n" + System.getProperty("java.specification.version") + "\n"
                    + HexFormat.of().formatHex(sha.digest());
        } catch (IOException | java.net.URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String location(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        return source == null ? type.getName() : source.getLocation().toString();
    }

    private static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
