package dev.rewire.runtime.serve;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
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
 * The server's sockets and threads, as {@code Undertow.builder()} would set them up, with the
 * {@link ConnectionGuard} in front of the HTTP listener: the I/O and task threads, the HTTP limits
 * (body, header, timeouts), and the listening socket. Lifecycle: {@link #start} once, then
 * {@link #stopAccepting} and {@link #close} once each, from the thread that owns the server.
 */
final class HttpTransport {

    private final ServeOptions options;
    private final XnioWorker worker;
    private final OptionMap socketOptions;
    private final ConnectionGuard connections;
    private AcceptingChannel<StreamConnection> listener;

    HttpTransport(ServeOptions options, HttpHandler root, Consumer<String> log) {
        this.options = options;
        int ioThreads = Math.max(Runtime.getRuntime().availableProcessors(), 2);
        try {
            worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    .set(Options.WORKER_TASK_CORE_THREADS, ioThreads * 8)
                    .set(Options.WORKER_TASK_MAX_THREADS, ioThreads * 8)
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.CORK, true)
                    .getMap());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the I/O threads: " + e.getMessage(), e);
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
        http.setRootHandler(root);
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

    /** The guard every connection passes (its meters are the server's). */
    ConnectionGuard connections() {
        return connections;
    }

    /** Listens on the configured address; the I/O threads are shut down if it cannot. */
    void start() {
        try {
            listener = worker.createStreamConnectionServer(new InetSocketAddress(options.host(), options.port()),
                    ChannelListeners.openListenerAdapter(connections), socketOptions);
        } catch (IOException e) {
            worker.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage(), e);
        }
        listener.resumeAccepts();
    }

    /** The bound address (the actual port when 0 was asked for). */
    InetSocketAddress address() {
        return listener.getLocalAddress(InetSocketAddress.class);
    }

    /** No new connections from here on; the open ones stay until {@link #close}. */
    void stopAccepting() {
        IoUtils.safeClose(listener);
    }

    /** Closes the listener and every connection with the I/O threads, waiting up to 5 s for them to end. */
    void close() {
        IoUtils.safeClose(listener);
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
