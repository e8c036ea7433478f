package dev.rewire.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rewire serve} under abuse, on 127.0.0.1 with bounded counts: bodies up to
 * {@code --max-body-bytes} and 413 past it, JSON too deep or numbers too long answered 400 with a
 * reason (no stack trace), a large request scored in parts between other clients' requests, idle
 * connections by the thousand never keeping a real request out, and a stop that answers 503.
 */
class ServeAbuseIT {

    private static String sample(String id, String prompt) {
        return "{\"id\":\"" + id + "\",\"prompt_id\":\"" + prompt + "\",\"domain\":\"math\",\"prompt\":\"1+1?\","
                + "\"completion\":\"it is \\\\boxed{2}\",\"reference\":\"2\"}";
    }

    /** Sends a request's head only, declaring {@code length} body bytes, and reads the answer. */
    private static String headOnly(Server server, long length) throws IOException {
        try (Socket socket = new Socket(server.base.getHost(), server.base.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/score HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                    + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void bodiesUpToTheLimitAreTakenAndJsonLimitsAnswer400(@TempDir Path work) throws Exception {
        try (Server server = new Server(work, "--max-body-bytes", "6000000").awaitReady()) {
            // 3 MiB: over Undertow's own 2 MiB cap, which used to cut such bodies off with a 400
            StringBuilder big = new StringBuilder("[");
            String padding = "x".repeat(1000);
            for (int i = 0; big.length() < 3 * 1024 * 1024; i++) {
                big.append(i == 0 ? "" : ",").append(sample("b" + i, "p" + i).replace("it is", "it is " + padding));
            }
            Server.Reply taken = server.send("/v1/score", big.append(']').toString());
            assertEquals(200, taken.status(), taken.text().substring(0, Math.min(300, taken.text().length())));

            String refused = headOnly(server, 7_000_000);
            assertTrue(refused.startsWith("HTTP/1.1 413"), refused);
            assertTrue(refused.contains("{\"error\":\"request body over the limit of 6000000 bytes (--max-body-bytes)\"}"),
                    refused);

            Server.Reply deep = server.send("/v1/score", "[".repeat(5000) + "]".repeat(5000));
            assertEquals(400, deep.status(), deep.text());
            assertEquals("JSON nested deeper than 64 levels", deep.json().get("error").asText());
            Server.Reply deepField = server.send("/v1/score", "[" + sample("d", "p").replace("}",
                    ",\"extra\":" + "[".repeat(900) + "]".repeat(900) + "}") + "]");
            assertEquals(400, deepField.status(), deepField.text());
            Server.Reply longNumber = server.send("/reward", "{\"prompt\":\"q\",\"response\":\"a\",\"label\":"
                    + "1".repeat(1001) + "}");
            assertEquals(400, longNumber.status(), longNumber.text());
            assertEquals("a JSON number longer than 100 characters", longNumber.json().get("error").asText());
            assertEquals(200, server.send("/v1/score", "[" + sample("after", "p") + "]").status(), "still serving");
            assertFalse(server.stderr().contains("\tat "), "no stack trace: " + server.stderr());
        }
    }

    @Test
    void aLargeRequestIsScoredInPartsBetweenOtherClientsRequests(@TempDir Path work) throws Exception {
        try (Server server = new Server(work, "--max-batch", "64").awaitReady()) {
            StringBuilder big = new StringBuilder("[");
            int n = 20_000;
            for (int i = 0; i < n; i++) {
                big.append(i == 0 ? "" : ",").append(sample("big" + i, "g" + i / 8));
            }
            CompletableFuture<Server.Reply> large = server.sendAsync("/v1/score", big.append(']').toString());
            List<Long> smallBatches = new ArrayList<>();
            for (int i = 0; i < 2_000 && !large.isDone(); i++) {
                Server.Reply small = server.send("/v1/score", "[" + sample("small" + i, "s" + i) + "]");
                assertEquals(200, small.status(), small.text());
                smallBatches.add(small.json().at("/records/0/batch").asLong());
            }
            Server.Reply reply = large.get();
            assertEquals(200, reply.status());
            JsonNode records = reply.json().get("records");
            assertEquals(n, records.size());
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                JsonNode r = records.get(i);
                assertEquals("big" + i, r.get("id").asText(), "records in request order");
                first = Math.min(first, r.get("batch").asLong());
                last = Math.max(last, r.get("batch").asLong());
                if (i % 8 == 7) {
                    assertEquals(r.get("batch").asLong(), records.get(i - 7).get("batch").asLong(), "groups stay whole");
                }
            }
            assertTrue(last - first + 1 >= n / 64, "scored in parts of at most 64 samples: batches " + first + ".." + last);
            long f = first;
            long l = last;
            assertTrue(smallBatches.stream().anyMatch(b -> b > f && b < l),
                    "other clients' requests were scored between its parts: " + smallBatches + " vs " + first + ".." + last);
            JsonNode ready = Rewire.JSON.readTree(server.get("/ready").body());
            assertEquals(0, ready.get("quarantined").size(), "no check quarantined: " + ready);
        }
    }

    @Test
    void idleConnectionsNeverKeepARealRequestOut(@TempDir Path work) throws Exception {
        List<Socket> idle = new ArrayList<>();
        try (Server server = new Server(work, "--max-connections", "200", "--first-request-timeout-ms", "2000")
                .awaitReady()) {
            try {
                for (int i = 0; i < 1_500; i++) {
                    idle.add(new Socket(server.base.getHost(), server.base.getPort()));
                }
                Server.Reply real = server.send("/v1/score", "[" + sample("real", "p") + "]");
                assertEquals(200, real.status(), real.text());
                // the newest idle connection is closed by the server once it has sent nothing for 2 s
                Socket last = idle.get(idle.size() - 1);
                last.setSoTimeout(60_000);
                assertEquals(-1, last.getInputStream().read(), "closed by the server");
                assertTrue(server.stderr().contains("closing the oldest that never sent a request"), server.stderr());
                assertEquals(200, server.send("/v1/score", "[" + sample("real2", "p") + "]").status());
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aStopAnswers503OnKeepAliveConnectionsInsteadOfResettingThem(@TempDir Path work) throws Exception {
        Server server = new Server(work).awaitReady();
        try {
            AtomicBoolean signalled = new AtomicBoolean();
            ConcurrentLinkedQueue<String> after = new ConcurrentLinkedQueue<>();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                Thread t = new Thread(() -> {
                    for (int i = 0; i < 100_000; i++) {
                        boolean late = signalled.get();
                        String outcome;
                        try {
                            HttpResponse<String> r = server.http.send(server.post("/v1/score",
                                    "[" + sample("c" + client + "-" + i, "p") + "]"), HttpResponse.BodyHandlers.ofString());
                            outcome = r.statusCode() == 503 ? "503 " + r.body() : String.valueOf(r.statusCode());
                            // a client that honours Retry-After (a trainer's HTTP client, a load balancer)
                            long retryAfter = r.headers().firstValueAsLong("Retry-After").orElse(0);
                            if (r.statusCode() == 503 && retryAfter > 0) {
                                Thread.sleep(retryAfter * 1000);
                            }
                        } catch (ConnectException e) {
                            outcome = "refused";
                        } catch (IOException e) {
                            outcome = "io " + e;
                        } catch (InterruptedException e) {
                            return;
                        }
                        if (late) {
                            after.add(outcome);
                            if (outcome.equals("refused")) {
                                return;
                            }
                        }
                    }
                }, "it-client-" + c);
                t.start();
                clients.add(t);
            }
            Thread.sleep(1_000);
            signalled.set(true);
            assertEquals(0, server.terminate(), server.stderr()); // a clean SIGTERM stop exits 0 (issue 19)
            for (Thread t : clients) {
                t.join(60_000);
            }
            assertTrue(after.stream().anyMatch(o -> o.startsWith("503 ") && o.contains("shutting down")), after.toString());
            for (String o : after) {
                assertTrue(o.equals("200") || o.equals("refused") || o.startsWith("503 {\"error\""),
                        "a 200, a 503 with the reason, or a refused new connection; never a reset: " + o);
            }
        } finally {
            server.close();
        }
    }
}
