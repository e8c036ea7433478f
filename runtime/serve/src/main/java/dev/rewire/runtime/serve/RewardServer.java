package dev.rewire.runtime.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rewire.framework.json.RewireJson;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The HTTP side of {@code rewire serve}, on Undertow: routes, bearer auth, body limits, timeouts,
 * graceful shutdown. Request bodies are read and parsed on Undertow's I/O threads, scored by the
 * {@link MicroBatcher}'s thread, and answered from there, so no thread ever blocks on a request.
 *
 * <p>Status codes: 200 scored; 400 malformed body or unusable fields (the reason in
 * {@code {"error"}}); 401 missing or wrong token; 404/405 unknown route or method; 413 body over the
 * limit; 422 the policy threw on the request's samples alone (the rule and the reason; the requests
 * batched with it are scored); 500 the pipeline failed on the batch (the reason); 503 not ready yet, shutting down, or a
 * policy rule blocked the batch ({@code {"error", "blocked": {"rule", "reason"}}}).
 */
public final class RewardServer implements AutoCloseable {

    private static final HttpString STEP_HEADER = new HttpString("X-Rewire-Step");
    /** How long open connections stay after the requests in flight were answered, answering 503 (see {@link #shutdown}). */
    private static final long LINGER_MILLIS = 500;
    private static final HttpString GROUP_HEADER = new HttpString("X-Rewire-Group");
    private static final HttpString GROUP_SIZE_HEADER = new HttpString("X-Rewire-Group-Size");

    private final ServeOptions options;
    private final ServerMetrics metrics;
    private final Consumer<String> log;
    private final Map<String, Protocol> protocols = new LinkedHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final GracefulShutdownHandler graceful;
    private final XnioWorker worker;
    private final OptionMap socketOptions;
    private final ConnectionGuard connections;
    private AcceptingChannel<StreamConnection> listener;
    private volatile Backend backend;
    /** Set when a stop begins: every new request is answered 503 with {@code Connection: close}. */
    private volatile boolean stopping;

    /** What the server scores with once the host has started. */
    public interface Backend {
        MicroBatcher batcher();

        /** Where requests go to be scored: whole groups held for, then the micro-batcher. */
        GroupBarrier barrier();

        List<String> logTerms();

        /** The body of {@code GET /ready}: the host's state (policy, bundles, quarantines). */
        Map<String, Object> readiness();

        /** Why the server cannot score now (the micro-batcher's heartbeat), or null when it can. */
        default String unhealthy() {
            return null;
        }
    }

    public RewardServer(ServeOptions options, ServerMetrics metrics, Consumer<String> log) {
        this.options = options;
        this.metrics = metrics;
        this.log = log;
        protocols.put("/get_reward", new OpenRlhfProtocol());
        SlimeProtocol slime = new SlimeProtocol();
        protocols.put("/reward", slime);
        protocols.put("/", slime);
        protocols.put("/verify", new NemoGymProtocol());
        protocols.put("/v1/score", new NativeProtocol());
        graceful = new GracefulShutdownHandler(this::guarded);
        int ioThreads = Math.max(Runtime.getRuntime().availableProcessors(), 2);
        // as Undertow.builder() would set it up, with the connection guard in front of the HTTP listener
        try {
            worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    .set(Options.WORKER_TASK_CORE_THREADS, ioThreads * 8)
                    .set(Options.WORKER_TASK_MAX_THREADS, ioThreads * 8)
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.CORK, true)
                    .getMap());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot start the I/O threads: " + e.getMessage(), e);
        }
        HttpOpenListener http = new HttpOpenListener(new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4),
                OptionMap.builder()
                        .set(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, true)
                        // Undertow's own cap (2 MiB unless set) would cut bodies below --max-body-bytes
                        .set(UndertowOptions.MAX_ENTITY_SIZE, options.maxBodyBytes())
                        .set(UndertowOptions.MAX_HEADER_SIZE, 64 * 1024)
                        .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, 30_000)
                        .set(UndertowOptions.NO_REQUEST_TIMEOUT, 120_000)
                        .set(UndertowOptions.IDLE_TIMEOUT, 120_000)
                        .getMap());
        http.setRootHandler(this::gate);
        connections = new ConnectionGuard(http, options.maxConnections(), options.firstRequestMillis(), log);
        socketOptions = OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, 1000)
                .getMap();
    }

    /** Starts listening; {@code /health} answers at once, the rest 503 until {@link #ready}. */
    public void start() {
        try {
            listener = worker.createStreamConnectionServer(new InetSocketAddress(options.host(), options.port()),
                    ChannelListeners.openListenerAdapter(connections), socketOptions);
        } catch (java.io.IOException e) {
            worker.shutdownNow();
            throw new java.io.UncheckedIOException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage(), e);
        }
        listener.resumeAccepts();
    }

    /** The host has started: scoring endpoints answer from now on. */
    public void ready(Backend backend) {
        this.backend = backend;
    }

    /** The bound address (the actual port when 0 was asked for). */
    public InetSocketAddress address() {
        return listener.getLocalAddress(InetSocketAddress.class);
    }

    /** Before anything else: once a stop began, a new request is answered 503 and its connection closed. */
    private void gate(HttpServerExchange exchange) throws Exception {
        connections.requested(exchange.getConnection().getPeerAddress());
        if (stopping) {
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
            exchange.setPersistent(false);
            send(exchange, StatusCodes.SERVICE_UNAVAILABLE, error("the server is shutting down"),
                    exchange.getRequestPath(), System.nanoTime());
            return;
        }
        graceful.handleRequest(exchange);
    }

    /**
     * Every request, with no throwable left to Undertow (which would answer 500 with an empty body
     * and log a stack trace): an unexpected failure is answered 500 with the reason as JSON, logged in one line.
     */
    private void guarded(HttpServerExchange exchange) {
        try {
            route(exchange);
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            internalError(exchange, e);
        }
    }

    private void internalError(HttpServerExchange exchange, Throwable e) {
        log.accept("serve: " + exchange.getRequestMethod() + " " + exchange.getRequestPath() + " failed: " + e);
        send(exchange, StatusCodes.INTERNAL_SERVER_ERROR, error("internal error: " + e), exchange.getRequestPath(),
                System.nanoTime());
    }

    private void route(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        if (path.equals("/health")) {
            Backend serving = backend;
            String sick = serving == null ? null : serving.unhealthy();
            send(exchange, sick == null ? StatusCodes.OK : StatusCodes.SERVICE_UNAVAILABLE,
                    sick == null ? Map.of("status", "up") : Map.of("status", "down", "reason", sick), "/health",
                    System.nanoTime());
            return;
        }
        long t0 = System.nanoTime();
        if (!authorized(exchange)) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
            send(exchange, StatusCodes.UNAUTHORIZED, error("missing or wrong bearer token (Authorization: Bearer T)"),
                    path, t0);
            return;
        }
        Protocol protocol = protocols.get(path);
        boolean get = exchange.getRequestMethod().equals(Methods.GET);
        Backend b = backend;
        String sick = b == null ? null : b.unhealthy();
        if (get && path.equals("/ready")) {
            send(exchange, b == null || sick != null ? StatusCodes.SERVICE_UNAVAILABLE : StatusCodes.OK,
                    b == null ? Map.of("ready", false) : sick != null ? Map.of("ready", false, "reason", sick)
                            : b.readiness(), path, t0);
        } else if (get && path.equals("/metrics")) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            exchange.getResponseSender().send(metrics.scrape());
        } else if (get && path.equals("/stats")) {
            send(exchange, StatusCodes.OK, metrics.trainerStats(), path, t0);
        } else if (get && path.equals("/reverify_mode")) {
            // NeMo Gym's base resources server: /verify is a function of the request (under the policy in force)
            send(exchange, StatusCodes.OK, NemoGymSession.REVERIFY_MODE, path, t0);
        } else if (path.equals("/seed_session") || path.equals("/aggregate_metrics")) {
            nemoGymSession(exchange, path, t0);
        } else if (protocol == null) {
            send(exchange, StatusCodes.NOT_FOUND, error("no route " + path + "; POST /get_reward (OpenRLHF), "
                    + "/reward (slime), /verify, /seed_session, /aggregate_metrics (NeMo Gym), /v1/score (Rewire); "
                    + "GET /health, /ready, /metrics, /stats, /reverify_mode"),
                    path, t0);
        } else if (!exchange.getRequestMethod().equals(Methods.POST)) {
            send(exchange, StatusCodes.METHOD_NOT_ALLOWED, error(path + " takes POST"), path, t0);
        } else if (b == null) {
            send(exchange, StatusCodes.SERVICE_UNAVAILABLE, error("not ready: the host is starting"), path, t0);
        } else {
            // dispatch: the exchange stays open after the body callback until the batcher answers
            readBody(exchange, path, t0, (ex, body) -> ex.dispatch(SameThreadExecutor.INSTANCE, () -> {
                try {
                    score(ex, protocol, b, body, t0);
                } catch (RuntimeException | StackOverflowError | LinkageError e) {
                    internalError(ex, e);
                }
            }));
        }
    }

    /** Reads the whole body, then {@code then}; a body over the limit is answered 413, a broken one 400. */
    private void readBody(HttpServerExchange exchange, String path, long t0,
                          java.util.function.BiConsumer<HttpServerExchange, byte[]> then) {
        RequestBodies.read(exchange, options.maxBodyBytes(), new RequestBodies.Handler() {
            @Override
            public void body(HttpServerExchange ex, byte[] body) {
                then.accept(ex, body);
            }

            @Override
            public void tooLarge(HttpServerExchange ex) {
                send(ex, StatusCodes.REQUEST_ENTITY_TOO_LARGE, error("request body over the limit of "
                        + options.maxBodyBytes() + " bytes (--max-body-bytes)"), path, t0);
            }

            @Override
            public void failed(HttpServerExchange ex, Exception e) {
                if (e instanceof io.undertow.server.RequestTooBigException) {
                    tooLarge(ex);
                    return;
                }
                send(ex, StatusCodes.BAD_REQUEST, error("could not read the request body: " + e.getMessage()),
                        path, t0);
            }
        });
    }

    /**
     * NeMo Gym's session routes, which need no host: {@code /seed_session} (simple_agent posts it
     * before every rollout; Rewire keeps no per-rollout state) and {@code /aggregate_metrics}.
     */
    private void nemoGymSession(HttpServerExchange exchange, String path, long t0) {
        if (!exchange.getRequestMethod().equals(Methods.POST)) {
            send(exchange, StatusCodes.METHOD_NOT_ALLOWED, error(path + " takes POST"), path, t0);
            return;
        }
        readBody(exchange, path, t0, (ex, body) -> {
            try {
                Object out = path.equals("/seed_session") ? NemoGymSession.seed() : NemoGymSession.aggregate(RequestJson.parse(body));
                send(ex, StatusCodes.OK, out, path, t0);
            } catch (BadRequestException e) {
                send(ex, StatusCodes.BAD_REQUEST, error(e.getMessage()), path, t0);
            }
        });
    }

    private void score(HttpServerExchange exchange, Protocol protocol, Backend b, byte[] body, long t0) {
        String path = exchange.getRequestPath();
        RequestContext context;
        ParsedRequest request;
        try {
            context = new RequestContext("r" + requests.incrementAndGet() + "-", options.domains(),
                    step(exchange), b.logTerms(), scalar(exchange), groupKey(exchange), groupSize(exchange));
            request = protocol.parse(RequestJson.parse(body), context);
        } catch (BadRequestException e) {
            Map<String, Object> out = error(e.getMessage());
            metrics.rejected(e.rejected().isEmpty() ? 1 : e.rejected().size());
            if (!e.rejected().isEmpty()) {
                out.put("rejected", e.rejected());
            }
            send(exchange, StatusCodes.BAD_REQUEST, out, path, t0);
            return;
        }
        metrics.rejected(request.rejected().size());
        int groupSize = request.groupSize() >= 0 ? request.groupSize() : context.groupSize();
        b.barrier().submit(request.samples(), groupSize).whenComplete((scored, failure) -> {
            if (failure == null && !scored.poisoned().isEmpty() && (!protocol.answersItemByItem()
                    || scored.poisoned().size() == request.samples().size())) {
                // the policy threw on this request's samples alone; the requests batched with it were scored
                Map.Entry<String, String> first = scored.poisoned().entrySet().iterator().next();
                Map<String, Object> out = error("sample " + first.getKey() + " rejected: " + first.getValue());
                out.put("rejected", scored.poisoned());
                send(exchange, StatusCodes.UNPROCESSABLE_ENTITY, out, path, t0);
            } else if (failure == null) {
                send(exchange, StatusCodes.OK, protocol.respond(request, scored, context), path, t0);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof BlockedException blocked) {
                    Map<String, Object> out = error(blocked.getMessage());
                    out.put("blocked", Map.of("rule", blocked.rule(), "reason", blocked.reason()));
                    send(exchange, StatusCodes.SERVICE_UNAVAILABLE, out, path, t0);
                } else {
                    send(exchange, cause instanceof IllegalStateException && String.valueOf(cause.getMessage())
                                    .contains("shutting down") ? StatusCodes.SERVICE_UNAVAILABLE
                                    : StatusCodes.INTERNAL_SERVER_ERROR,
                            error("scoring failed: " + cause), path, t0);
                }
            }
        });
    }

    private static Long step(HttpServerExchange exchange) throws BadRequestException {
        String header = exchange.getRequestHeaders().getFirst(STEP_HEADER);
        if (header == null) {
            return null;
        }
        try {
            long step = Long.parseLong(header.trim());
            if (step < 0) {
                throw new NumberFormatException();
            }
            return step;
        } catch (NumberFormatException e) {
            throw new BadRequestException("header X-Rewire-Step must be a whole number >= 0, got '" + header + "'");
        }
    }

    /** The {@code X-Rewire-Group} header: a group key for the request's samples that name none. */
    private static String groupKey(HttpServerExchange exchange) throws BadRequestException {
        String header = exchange.getRequestHeaders().getFirst(GROUP_HEADER);
        if (header == null) {
            return null;
        }
        if (header.isBlank()) {
            throw new BadRequestException("header X-Rewire-Group must not be blank");
        }
        return header.trim();
    }

    /** {@code X-Rewire-Group-Size}, else {@code --group-size}. */
    private int groupSize(HttpServerExchange exchange) throws BadRequestException {
        String header = exchange.getRequestHeaders().getFirst(GROUP_SIZE_HEADER);
        if (header == null) {
            return options.groupSize();
        }
        try {
            int size = Integer.parseInt(header.trim());
            if (size < 0 || size > 1_000_000) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new BadRequestException("header X-Rewire-Group-Size must be a whole number in 0..1000000, got '"
                    + header + "'");
        }
    }

    private static boolean scalar(HttpServerExchange exchange) {
        Deque<String> v = exchange.getQueryParameters().get("scalar");
        return v != null && (v.isEmpty() || v.peekFirst().isEmpty() || Boolean.parseBoolean(v.peekFirst()));
    }

    private boolean authorized(HttpServerExchange exchange) {
        if (options.token() == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        String expected = "Bearer " + options.token();
        return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", message);
        return out;
    }

    /**
     * Sends a JSON body and records the request in the metrics. Called from the micro-batcher's
     * thread, it hands the encoding and the write to the connection's I/O thread: the batcher goes
     * back to scoring, and Undertow writes are cheapest from their own thread.
     */
    private void send(HttpServerExchange exchange, int status, Object body, String path, long t0) {
        if (!exchange.isInIoThread()) {
            exchange.getIoThread().execute(() -> send(exchange, status, body, path, t0));
            return;
        }
        int code = status;
        byte[] bytes;
        try {
            bytes = RewireJson.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            code = StatusCodes.INTERNAL_SERVER_ERROR;
            bytes = ("{\"error\":\"could not encode the response: " + e.getOriginalMessage().replace('"', '\'') + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (exchange.isResponseStarted()) {
            exchange.endExchange();
            return;
        }
        exchange.setStatusCode(code);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        if (code == StatusCodes.REQUEST_ENTITY_TOO_LARGE) {
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
        metrics.request(path, code, System.nanoTime() - t0);
    }

    /**
     * Stops accepting requests (new ones get 503), waits up to {@code waitMillis} for those in
     * flight to be answered, then closes the listener.
     */
    public void shutdown(long waitMillis) {
        stopping = true;
        graceful.shutdown();
        try {
            if (!graceful.awaitShutdown(waitMillis)) {
                log.accept("serve: requests still in flight after " + waitMillis + " ms; closing anyway");
            }
            // No new connections from here on (a client reconnecting is refused, cleanly); one on a
            // keep-alive connection that sends its next request now still gets the 503 and the connection
            // closed, rather than a reset, while its connection stays a moment before it is closed.
            IoUtils.safeClose(listener);
            Thread.sleep(LINGER_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IoUtils.safeClose(listener);
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(30_000);
    }
}
