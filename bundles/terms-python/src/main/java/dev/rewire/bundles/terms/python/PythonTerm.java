package dev.rewire.bundles.terms.python;

import dev.rewire.framework.model.Group;
import dev.rewire.framework.model.Sample;
import dev.rewire.framework.spi.BatchRewardTerm;
import dev.rewire.framework.spi.RewardTerm;
import dev.rewire.framework.spi.TermResult;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * A reward term computed by a Python reward function (a TRL {@code reward_funcs} function or a veRL
 * {@code compute_score}) in a long-lived Python process that speaks {@code rewire-term/1}. One term
 * per {@code rewire.term.python-NAME.cfg} in the deploy folder; editing or removing the file
 * changes or removes the term.
 *
 * <p>Each batch is one request to the process, bounded by {@code timeout_ms} (the process's start
 * included): past it every sample abstains ({@code timeout after N ms}), the process is killed and a
 * new one started, so the term keeps serving (a process still loading its file is left to finish:
 * killing it would only start the wait over); the host's own term timeout never needs to
 * quarantine it as long as {@code timeout_ms} is shorter. A process that dies makes the batch
 * abstain with its last stderr lines and is started again on the next batch. The file's sha256 is
 * checked on every batch: a changed file restarts the process, so an edit takes effect on the next
 * batch. Unlike other configurable terms its {@link #configuration()} changes with the file: it
 * names the file and the sha256 of the bytes the process loaded for the batch just scored.
 */
@Component(service = RewardTerm.class, configurationPid = "rewire.term.python",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class PythonTerm implements BatchRewardTerm, AutoCloseable {

    /** The .cfg keys; DS turns a double underscore into {@code _} and a single one into {@code .}. */
    public @interface Config {
        String id() default "";

        String file() default "";

        String function() default "";

        String kind() default "trl";

        String python() default "";

        long timeout__ms() default 4000;

        String reference__column() default "reference";

        boolean conversational() default false;

        /** Set by FileInstall: where the .cfg is, to resolve a relative {@code file} against. */
        String felix_fileinstall_filename() default "";
    }

    private final PythonTermSettings settings;
    private final Path script;
    private final Consumer<String> log;
    private final Object lock = new Object();
    /** The running process and what it loaded (null while it is still loading); null after it died. */
    private PythonProcess process;
    private TermProtocol.Handshake loaded;
    /** The sha256 of the file when the process was started: what it is loading, until its handshake says. */
    private String startedSha256;
    /** The sha256 of a file that did not load and why: not tried again until the file changes. */
    private String failedSha256;
    private String failedReason;
    /** The sha256 of the file the last batch was scored with (provenance); null before the first. */
    private volatile String scoredSha256;
    private volatile String scoredPythonVersion;

    @Activate
    public PythonTerm(Config config, BundleContext context) {
        this(settingsOf(config), HostScript.extractTo(dataFolder(context)), System.err::println);
    }

    PythonTerm(PythonTermSettings settings, Path script, Consumer<String> log) {
        this.settings = settings;
        this.script = script;
        this.log = line -> log.accept("term " + settings.id() + " (python): " + line);
        synchronized (lock) {
            try {
                startedSha256 = sha256(settings.file());
                startProcess(); // so the first batch finds Python and the module already loaded
            } catch (IOException e) {
                // no file yet: each batch says so until it appears
            }
        }
    }

    private static PythonTermSettings settingsOf(Config c) {
        try {
            return PythonTermSettings.of(c.id(), c.file(), c.function(), c.kind(), c.python(), c.timeout__ms(),
                    c.reference__column(), c.conversational(), c.felix_fileinstall_filename(), System.getenv());
        } catch (IllegalArgumentException e) {
            String cfg = c.felix_fileinstall_filename().isEmpty() ? "rewire.term.python configuration"
                    : new File(java.net.URI.create(c.felix_fileinstall_filename())).getName();
            System.err.println(cfg + ": " + e.getMessage() + "; no term is registered for it");
            throw e;
        }
    }

    private static Path dataFolder(BundleContext context) {
        File data = context.getDataFile("python");
        if (data == null) {
            throw new IllegalStateException("the OSGi framework gives this bundle no data folder for "
                    + HostScript.NAME);
        }
        return data.toPath();
    }

    @Override
    public String id() {
        return settings.id();
    }

    /** The settings, the file's sha256 and the Python version that scored the last batch. */
    @Override
    public Map<String, Object> configuration() {
        Map<String, Object> m = new LinkedHashMap<>(settings.describe());
        String sha = scoredSha256;
        if (sha != null) {
            m.put("sha256", sha);
        }
        String version = scoredPythonVersion;
        if (version != null) {
            m.put("python_version", version);
        }
        return m;
    }

    @Override
    public List<List<TermResult>> evaluate(List<Group> groups) {
        List<Sample> samples = new ArrayList<>();
        for (Group g : groups) {
            samples.addAll(g.samples());
        }
        List<TermResult> flat;
        synchronized (lock) {
            flat = evaluateLocked(samples);
        }
        List<List<TermResult>> byGroup = new ArrayList<>(groups.size());
        int at = 0;
        for (Group g : groups) {
            byGroup.add(flat.subList(at, at + g.size()));
            at += g.size();
        }
        return byGroup;
    }

    private List<TermResult> evaluateLocked(List<Sample> samples) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        String onDisk;
        try {
            onDisk = sha256(settings.file());
        } catch (NoSuchFileException e) {
            return all(samples, "python file " + settings.file() + " is missing");
        } catch (IOException e) {
            return all(samples, "cannot read python file " + settings.file() + ": " + e.getMessage());
        }
        try {
            String running = loaded != null ? loaded.sha256() : startedSha256;
            if (process != null && running != null && !onDisk.equals(running)) {
                log.accept(settings.file().getFileName() + " changed (sha256 " + abbreviated(running) + " -> "
                        + abbreviated(onDisk) + "); restarting python");
                stopProcess();
            }
            if (process == null && onDisk.equals(failedSha256)) {
                return all(samples, failedReason);
            }
            if (process == null) {
                startedSha256 = onDisk;
                String failure = startProcess();
                if (failure != null) {
                    return all(samples, failure);
                }
            }
            if (loaded == null) {
                loaded = TermProtocol.handshake(process.readLine(deadline));
                if (loaded.error() != null) {
                    failedSha256 = startedSha256;
                    failedReason = loaded.error();
                    log.accept(failedReason);
                    stopProcess(); // started again once the file changes
                    return all(samples, failedReason);
                }
            }
            List<TermResult> results = TermProtocol.response(
                    process.exchange(TermProtocol.request(samples), deadline), samples.size());
            scoredSha256 = loaded.sha256();
            scoredPythonVersion = loaded.pythonVersion();
            return results;
        } catch (TimeoutException e) {
            String why = "timeout after " + settings.timeout().toMillis() + " ms";
            if (loaded == null) {
                // still importing (a slow machine, a heavy import): killing it would only start the wait over
                log.accept(why + " while python loads " + settings.file().getFileName() + "; the next batch waits on");
                return all(samples, why + " (python is still loading " + settings.file().getFileName() + ")");
            }
            log.accept(why + "; killing python and starting it again");
            stopProcess();
            startedSha256 = onDisk;
            startProcess(); // ready for the next batch
            return all(samples, why);
        } catch (PythonProcess.ExitedException e) {
            log.accept(e.getMessage());
            stopProcess();
            return all(samples, "error: " + e.getMessage());
        } catch (TermProtocol.ProtocolException e) {
            log.accept("broke the protocol: " + e.getMessage() + "; restarting python");
            stopProcess();
            return all(samples, "error: python broke the protocol: " + e.getMessage());
        } catch (InterruptedException e) {
            // the host gave up on this batch: no process may outlive the call it was killed for
            stopProcess();
            Thread.currentThread().interrupt();
            return all(samples, "interrupted: the host stopped waiting for python");
        }
    }

    /** Starts the process; returns why it could not be started (no such executable), or null. */
    private String startProcess() {
        loaded = null;
        try {
            process = PythonProcess.start(settings.command(script), log, "rewire-python-" + settings.id());
            return null;
        } catch (IOException e) {
            process = null;
            String why = "error: cannot start " + settings.python() + " (set python in the .cfg or REWIRE_PYTHON): "
                    + e.getMessage();
            log.accept(why);
            return why;
        }
    }

    private void stopProcess() {
        if (process != null) {
            process.close();
            process = null;
        }
        loaded = null;
        startedSha256 = null;
    }

    private static List<TermResult> all(List<Sample> samples, String reason) {
        TermResult abstain = TermResult.abstain(reason);
        List<TermResult> results = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            results.add(abstain);
        }
        return results;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String abbreviated(String sha) {
        return sha == null ? "none" : sha.substring(0, Math.min(12, sha.length()));
    }

    /** Kills the process: the term was removed, its .cfg changed, or the host is stopping. */
    @Deactivate
    @Override
    public void close() {
        synchronized (lock) {
            stopProcess();
        }
    }
}
