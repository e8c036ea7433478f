package dev.rewire.runtime.host.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.KieBase;
import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;

/**
 * Compiles every {@code .drl} of a folder into one {@link CompiledPolicy}, with the executable
 * model (the build path that works with {@code drools-engine} alone). Thread safe.
 */
public final class PolicyCompiler {

    private static final String RESOURCE_ROOT = "src/main/resources/";
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)");
    private static final Pattern NAMED = Pattern.compile("(?:class|type|variable|field|method)[: ]+'?([\\w.$]+)'?");
    private static final AtomicLong BUILDS = new AtomicLong();

    /** How many compiled policies stay in memory, so going back to one of them compiles nothing. */
    static final int RECENT_POLICIES = 16;

    private final Optional<PolicyCache> cache;
    private final Consumer<String> log;
    /**
     * Compiled policies by content (sha256), most recently used last: an edit reverted, a rollback,
     * a promotion of a policy compiled as a shadow, take one from here instead of a build. Evicted
     * entries free their KieModule. Guarded by itself.
     */
    private final Map<String, CompiledPolicy> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompiledPolicy> eldest) {
            if (size() > RECENT_POLICIES) {
                KieServices.Factory.get().getRepository().removeKieModule(eldest.getValue().releaseId());
                return true;
            }
            return false;
        }
    };

    /** A compiler without a cache: every policy is compiled. */
    public PolicyCompiler() {
        this.log = message -> { };
        this.cache = Optional.empty();
    }

    /** A compiler that caches the first policy of the process on disk ({@link PolicyCache}). */
    public PolicyCompiler(Consumer<String> log) {
        this.log = log;
        this.cache = PolicyCache.configured(log);
    }

    /** The policy files of a folder, sorted by name. */
    public static List<Path> policyFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".drl") && Files.isRegularFile(p))
                    .sorted().toList();
        }
    }

    public CompiledPolicy compile(Path dir) throws PolicyCompileException, IOException {
        if (!Files.isDirectory(dir)) {
            throw new PolicyCompileException(List.of(dir + ": no such policy folder"));
        }
        List<Path> files = policyFiles(dir);
        if (files.isEmpty()) {
            throw new PolicyCompileException(List.of(dir + ": no .drl files"));
        }
        MessageDigest sha = sha256();
        List<String> names = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            names.add(name);
            contents.add(content);
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(content);
        }
        String sha256 = HexFormat.of().formatHex(sha.digest());
        synchronized (recent) {
            CompiledPolicy known = recent.get(sha256);
            if (known != null) {
                return known;
            }
        }
        CompiledPolicy built = build(dir, sha256, names, contents);
        warm(built);
        synchronized (recent) {
            // two threads may have built the same content at once: keep one, free the other
            CompiledPolicy raced = recent.putIfAbsent(sha256, built);
            if (raced != null) {
                KieServices.Factory.get().getRepository().removeKieModule(built.releaseId());
                return raced;
            }
        }
        return built;
    }

    /**
     * Runs the policy once over no facts, here on the compiling thread, so that what Drools sets up
     * lazily on a KieBase's first session is not paid by the first batch it decides (under load
     * that first decision ran past the policy's time budget). A policy that fails here fails the
     * same way on a batch, where the failure is handled; so it is ignored here.
     */
    private static void warm(CompiledPolicy policy) {
        try {
            policy.decide(List.of());
        } catch (RuntimeException e) {
            // decided on a batch, the same failure is reported there with the batch it happened on
        }
    }

    private CompiledPolicy build(Path dir, String sha256, List<String> names, List<byte[]> contents)
            throws PolicyCompileException {
        KieServices ks = KieServices.Factory.get();
        // Only the first policy of a process goes through the cache: its module is always release
        // 1.0.1, so a cached module can never collide with one this process built.
        boolean first = BUILDS.compareAndSet(0, 1);
        ReleaseId releaseId = ks.newReleaseId("dev.rewire.policy", "policy",
                "1.0." + (first ? 1 : BUILDS.incrementAndGet()));
        SampleIndependence independence = SampleIndependence.of(sources(names, contents));
        if (first && cache.isPresent()) {
            Optional<KieBase> cached = cache.get().load(sha256);
            if (cached.isPresent()) {
                return new CompiledPolicy(cached.get(), sha256, names, releaseId, independence);
            }
        }
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        for (int i = 0; i < names.size(); i++) {
            kfs.write(RESOURCE_ROOT + packageFolder(contents.get(i)) + names.get(i), contents.get(i));
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            ks.getRepository().removeKieModule(releaseId);
            List<String> problems = new ArrayList<>();
            for (Message m : errors) {
                // Drools adds this after a real parse error; alone it would say nothing useful.
                if (!m.getText().startsWith("Parser returned a null Package") || errors.size() == 1) {
                    problems.add(describe(dir, m));
                }
            }
            throw new PolicyCompileException(problems);
        }
        if (first && cache.isPresent()) {
            cache.get().write(sha256, ((InternalKieModule) builder.getKieModule()).getBytes());
        }
        var container = ks.newKieContainer(releaseId);
        return new CompiledPolicy(container.getKieBase(), sha256, names, releaseId, independence);
    }

    private static Map<String, String> sources(List<String> names, List<byte[]> contents) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            sources.put(names.get(i), new String(contents.get(i), StandardCharsets.UTF_8));
        }
        return sources;
    }

    /**
     * A policy has been replaced. It stays compiled among the recent ones (going back to it is
     * instant); one that is not among them (evicted, or built by another compiler) has its KieModule
     * freed now, so reloads do not pile up.
     */
    public void release(CompiledPolicy policy) {
        synchronized (recent) {
            if (recent.get(policy.sha256()) == policy) {
                return;
            }
        }
        KieServices.Factory.get().getRepository().removeKieModule(policy.releaseId());
    }

    private static String describe(Path dir, Message m) {
        String text = m.getText().replace("\n", " ").trim();
        if (m.getPath() == null) {
            return dir + ": " + text;
        }
        Path file = dir.resolve(Path.of(m.getPath()).getFileName());
        int line = m.getLine() > 0 ? m.getLine() : lineMentioning(file, text);
        return line > 0 ? file + ":" + line + ": " + text : file + ": " + text;
    }

    /**
     * The executable model reports some errors (an unknown fact type, say) without a line; point at
     * the first line that mentions the name the message complains about.
     */
    private static int lineMentioning(Path file, String message) {
        Matcher m = NAMED.matcher(message);
        if (!m.find()) {
            return -1;
        }
        String name = m.group(1);
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(lines.get(i)).find()) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** The folder a DRL's package maps to, so Drools does not warn about a package/folder mismatch. */
    private static String packageFolder(byte[] content) {
        Matcher m = PACKAGE.matcher(new String(content, StandardCharsets.UTF_8));
        return m.find() ? m.group(1).replace('.', '/') + "/" : "";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
