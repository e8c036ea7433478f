package dev.rewire.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rewire serve} from the built distribution, as a trainer's operator runs it: a separate
 * JVM on a free loopback port, driven over HTTP with the JDK's client.
 */
final class Server implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://([^ ]+) ");

    final Process process;
    final URI base;
    private final StringBuffer stderr = new StringBuffer();
    /** Each stderr line with the moment this process read it ({@link System#nanoTime}). */
    private final List<Line> lines = java.util.Collections.synchronizedList(new ArrayList<>());

    record Line(long nanos, String text) {
    }
    private final Thread errors;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    Server(Path work, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("serve", "--port", "0"));
        all.addAll(List.of(args));
        process = Rewire.command(work, all.toArray(String[]::new)).start();
        process.getOutputStream().close();
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        String address = null;
        for (String line; address == null && (line = err.readLine()) != null; ) {
            stderr.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                address = m.group(1);
            }
        }
        if (address == null) {
            throw new AssertionError("rewire serve did not start:\n" + stderr);
        }
        base = URI.create("http://" + address);
        errors = new Thread(() -> {
            try {
                for (String line; (line = err.readLine()) != null; ) {
                    lines.add(new Line(System.nanoTime(), line));
                    stderr.append(line).append('\n');
                }
            } catch (IOException e) {
                stderr.append("(stderr closed: ").append(e).append(")\n");
            }
        }, "it-serve-stderr");
        errors.start();
    }

    /** Waits until {@code /ready} answers 200; a liveness bound, generous for a slow machine. */
    Server awaitReady(String... headers) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("rewire serve exited:\n" + stderr);
            }
            if (get("/ready", headers).statusCode() == 200) {
                return this;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("rewire serve never became ready:\n" + stderr);
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).GET().timeout(Duration.ofMinutes(1));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest post(String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(1))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b.build();
    }

    /** POSTs and returns status and parsed JSON body (null when the body is not JSON). */
    Reply send(String path, String body, String... headers) throws Exception {
        return Reply.of(http.send(post(path, body, headers), HttpResponse.BodyHandlers.ofString()));
    }

    CompletableFuture<Reply> sendAsync(String path, String body, String... headers) {
        return http.sendAsync(post(path, body, headers), HttpResponse.BodyHandlers.ofString()).thenApply(Reply::of);
    }

    record Reply(int status, String text, JsonNode json) {
        static Reply of(HttpResponse<String> r) {
            JsonNode json;
            try {
                json = Rewire.JSON.readTree(r.body());
            } catch (IOException e) {
                json = null;
            }
            return new Reply(r.statusCode(), r.body(), json);
        }
    }

    static String resource(String name) {
        try (var in = Server.class.getResourceAsStream("/protocols/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String stderr() {
        return stderr.toString();
    }

    /** The first stderr line (read after start-up) containing {@code text}, or null. */
    Line line(String text) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.text().contains(text)).findFirst().orElse(null);
        }
    }

    /** Sends SIGTERM and waits for the process to end; returns its exit status. */
    int terminate() throws Exception {
        process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of stderr

        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("rewire serve did not stop on SIGTERM:\n" + stderr);
        }
        errors.join(10_000);
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    static Path policyWith(Path work, String name, String drl) throws IOException {
        Path policy = Files.createDirectories(work.resolve("policy"));
        Files.copy(Rewire.POLICY.resolve("default.drl"), policy.resolve("default.drl"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        if (drl != null) {
            Files.writeString(policy.resolve(name), drl);
        }
        return policy;
    }
}
