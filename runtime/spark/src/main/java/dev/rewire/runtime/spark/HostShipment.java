package dev.rewire.runtime.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a host needs besides the classes on the executor's class path, read once on the driver and
 * shipped with the job: the system bundles, the bundles, the policy and the deploy folder's jars
 * and configurations. Executors unpack it into a folder of their own, so every task of the job runs
 * the same bundles and the same compiled policy whatever happens to the driver's folders meanwhile
 * (the records' provenance names both). A few megabytes: bundle jars, not their dependencies.
 * Immutable.
 */
public final class HostShipment implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Folder name (system, bundles, policy, deploy) / file name -> content. */
    private final TreeMap<String, byte[]> files;
    private final String id;

    private HostShipment(TreeMap<String, byte[]> files) {
        this.files = files;
        this.id = digest(files);
    }

    /**
     * Reads a distribution's {@code system/} and {@code bundles/}, the policy folder's {@code .drl}
     * files and, when given, the deploy folder's jars and {@code .cfg} files.
     */
    public static HostShipment read(Path home, Path policy, Path deploy) {
        TreeMap<String, byte[]> files = new TreeMap<>();
        add(files, "system", home.resolve("system"), ".jar", true);
        add(files, "bundles", home.resolve("bundles"), ".jar", true);
        add(files, "policy", policy, ".drl", true);
        if (deploy != null) {
            add(files, "deploy", deploy, ".jar", false);
            add(files, "deploy", deploy, ".cfg", false);
        }
        return new HostShipment(files);
    }

    private static void add(Map<String, byte[]> files, String role, Path folder, String suffix, boolean required) {
        if (!Files.isDirectory(folder)) {
            if (required) {
                throw new IllegalArgumentException("no " + role + " folder at " + folder);
            }
            return;
        }
        try (Stream<Path> listing = Files.list(folder)) {
            for (Path f : listing.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList()) {
                files.put(role + "/" + f.getFileName(), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of every file's name and content: equal shipments run equal hosts. */
    public String id() {
        return id;
    }

    /** Bytes shipped. */
    public long bytes() {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    /** Whether the shipment carries a deploy folder. */
    public boolean hasDeploy() {
        return files.keySet().stream().anyMatch(k -> k.startsWith("deploy/"));
    }

    /**
     * The shipment as a host folder under {@code root} ({@code root/<id>/system, bundles, policy,
     * deploy}): written once per machine, through a temporary folder renamed into place, so two
     * executors on one machine never see half of it.
     */
    public Path unpackUnder(Path root) {
        Path home = root.resolve(id.substring(0, 16));
        if (Files.isDirectory(home)) {
            return home;
        }
        try {
            Files.createDirectories(root);
            Path tmp = Files.createTempDirectory(root, "unpacking-");
            for (String folder : new String[] {"system", "bundles", "policy", "deploy"}) {
                Files.createDirectories(tmp.resolve(folder));
            }
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(tmp.resolve(f.getKey()), f.getValue());
            }
            try {
                Files.move(tmp, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!Files.isDirectory(home)) {
                    throw raced;
                }
                // another executor unpacked it first: theirs is the same bytes
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the job's host under " + root + ": " + e.getMessage(), e);
        }
    }

    private static String digest(Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                sha.update(f.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(f.getValue());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
