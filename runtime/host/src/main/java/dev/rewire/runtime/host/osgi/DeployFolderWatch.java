package dev.rewire.runtime.host.osgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * Watches the deploy folder beside FileInstall for what FileInstall keeps to itself: a jar that is
 * not a bundle (corrupt, truncated, no manifest), a bundle that installs but cannot start (a missing
 * import), and the folder deleted and re-created (FileInstall stops watching a folder that went
 * away, so it is restarted on the new one). Each problem is reported once per version of its file.
 * Runs on one daemon thread.
 */
final class DeployFolderWatch implements AutoCloseable {

    private static final String FILEINSTALL = "org.apache.felix.fileinstall";

    private final BundleContext context;
    private final Path dir;
    private final Duration poll;
    private final Function<Path, Bundle> bundleOf;
    private final Function<Path, List<Path>> jarsIn;
    private final Function<Throwable, String> describe;
    private final Consumer<String> log;
    private final Set<String> reported = new HashSet<>();
    private final Thread thread;
    private Object folderKey;
    private boolean folderGone;

    DeployFolderWatch(BundleContext context, Path dir, Duration poll, Function<Path, Bundle> bundleOf,
                      Function<Path, List<Path>> jarsIn, Function<Throwable, String> describe, Consumer<String> log) {
        this.context = context;
        this.dir = dir;
        this.poll = poll;
        this.bundleOf = bundleOf;
        this.jarsIn = jarsIn;
        this.describe = describe;
        this.log = log;
        this.folderKey = folderKey();
        this.thread = new Thread(this::loop, "rewire-deploy-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(Math.max(100, poll.toMillis()));
                checkFolder();
                checkJars();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | LinkageError | AssertionError e) {
                // the watcher outlives one bad poll (an out of memory error ends the process: ExitGuard)
                log.accept("deploy folder " + dir + ": " + e);
            }
        }
    }

    /** The folder's identity on disk (null when it is missing): a re-created folder has a new one. */
    private Object folderKey() {
        try {
            BasicFileAttributes a = Files.readAttributes(dir, BasicFileAttributes.class);
            return a.fileKey() != null ? a.fileKey() : a.creationTime();
        } catch (IOException e) {
            return null;
        }
    }

    private void checkFolder() {
        Object key = folderKey();
        if (key == null) {
            if (!folderGone) {
                folderGone = true;
                log.accept("deploy folder " + dir + " is gone; it is watched again once it is back");
            }
            return;
        }
        if (folderGone || !key.equals(folderKey)) {
            folderGone = false;
            folderKey = key;
            restartFileInstall();
        }
    }

    private void restartFileInstall() {
        for (Bundle b : context.getBundles()) {
            if (FILEINSTALL.equals(b.getSymbolicName())) {
                try {
                    b.stop();
                    b.start();
                    log.accept("deploy folder " + dir + " was re-created; watching it again");
                } catch (BundleException e) {
                    log.accept("deploy folder " + dir + " was re-created but could not be watched again: "
                            + describe.apply(e));
                }
            }
        }
    }

    private void checkJars() throws InterruptedException {
        for (Path jar : jarsIn.apply(dir)) {
            String version;
            try {
                BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
                // give FileInstall two polls to act on a new file before judging it
                if (System.currentTimeMillis() - a.lastModifiedTime().toMillis() < 2 * poll.toMillis() + 500) {
                    continue;
                }
                version = jar + "@" + a.lastModifiedTime().toMillis() + ":" + a.size();
            } catch (IOException e) {
                continue;
            }
            if (reported.contains(version)) {
                continue;
            }
            Bundle b = bundleOf.apply(jar);
            String problem = b == null ? notABundle(jar) : notStarting(b);
            if (problem != null) {
                reported.add(version);
                log.accept("deployed " + jar.getFileName() + " " + problem + "; everything else keeps serving");
            }
        }
    }

    /** Why a jar FileInstall did not install is not a bundle, or null when it looks like one. */
    private static String notABundle(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest m = file.getManifest();
            if (m == null || m.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
                return "is not an OSGi bundle (its manifest has no Bundle-SymbolicName)";
            }
            return null;
        } catch (IOException e) {
            return "is not a readable jar (" + e.getMessage() + ")";
        }
    }

    /** Why an installed bundle does not start, or null when it is active (or a fragment). */
    private String notStarting(Bundle b) {
        if (b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING
                || b.getHeaders().get(org.osgi.framework.Constants.FRAGMENT_HOST) != null) {
            return null;
        }
        try {
            b.start();
            return null;
        } catch (BundleException e) {
            return "(" + b.getSymbolicName() + " " + b.getVersion() + ") did not start: " + describe.apply(e);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
