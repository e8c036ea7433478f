package dev.rewire.runtime.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.undertow.Undertow;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The connection guard in front of a real XNIO listener on 127.0.0.1, with real sockets: at the
 * limit the oldest connection that never sent a request makes room; when every one has sent one,
 * the new one is closed; a connection silent past the first-request timeout is closed.
 */
class ConnectionGuardTest {

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private XnioWorker worker;
    private AcceptingChannel<StreamConnection> listener;
    private ConnectionGuard guard;

    /** A guard whose connections, once let in, are simply held (nothing reads them). */
    private InetSocketAddress listen(int maxConnections, long firstRequestMillis) throws IOException {
        worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(
                OptionMap.builder().set(Options.WORKER_IO_THREADS, 1).getMap());
        guard = new ConnectionGuard(connection -> { }, maxConnections, firstRequestMillis, log::add);
        guard.bindTo(registry);
        listener = worker.createStreamConnectionServer(new InetSocketAddress("127.0.0.1", 0),
                ChannelListeners.openListenerAdapter(guard), OptionMap.EMPTY);
        listener.resumeAccepts();
        return listener.getLocalAddress(InetSocketAddress.class);
    }

    private Socket connect(InetSocketAddress at, int expectedOpen) throws Exception {
        Socket s = new Socket(at.getAddress(), at.getPort());
        s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(30));
        sockets.add(s);
        if (expectedOpen > 0) {
            await(() -> guard.open() == expectedOpen);
        }
        return s;
    }

    /** Whether the server closed the socket (end of stream, or a reset), waiting at most the socket's timeout. */
    private static boolean closedByServer(Socket s) throws IOException {
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketException reset) {
            return true;
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(condition.getAsBoolean(), "timed out");
    }

    private double count(String name) {
        return registry.get(name).functionCounter().count();
    }

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        IoUtils.safeClose(listener);
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    @Test
    void atTheLimitTheOldestConnectionThatNeverSentARequestMakesRoom() throws Exception {
        InetSocketAddress at = listen(2, TimeUnit.MINUTES.toMillis(10));
        Socket oldest = connect(at, 1);
        Socket second = connect(at, 2);
        guard.requested(second.getLocalSocketAddress());
        connect(at, 0);
        assertTrue(closedByServer(oldest), "the oldest silent connection was closed");
        await(() -> guard.open() == 2);
        // counted and logged on the I/O thread just after the close the socket saw
        await(() -> count("rewire.connections.evicted") == 1.0 && !log.isEmpty());
        assertEquals(0.0, count("rewire.connections.refused"));
        assertEquals(2.0, registry.get("rewire.connections.open").gauge().value());
        assertTrue(log.stream().anyMatch(l -> l.contains("closing the oldest that never sent a request")), log.toString());
    }

    @Test
    void whenEveryConnectionHasSentARequestTheNewOneIsClosed() throws Exception {
        InetSocketAddress at = listen(2, TimeUnit.MINUTES.toMillis(10));
        Socket first = connect(at, 1);
        Socket second = connect(at, 2);
        guard.requested(first.getLocalSocketAddress());
        guard.requested(second.getLocalSocketAddress());
        Socket late = connect(at, 0);
        assertTrue(closedByServer(late));
        await(() -> count("rewire.connections.refused") == 1.0 && !log.isEmpty());
        assertEquals(0.0, count("rewire.connections.evicted"));
        assertEquals(2, guard.open(), "the two that sent requests are kept");
        assertTrue(log.stream().anyMatch(l -> l.contains("each with a request: a new connection was closed")), log.toString());
    }

    @Test
    void aConnectionThatSendsNoRequestWithinTheFirstRequestTimeoutIsClosed() throws Exception {
        InetSocketAddress at = listen(10, 20);
        Socket silent = connect(at, 0);
        assertTrue(closedByServer(silent));
        await(() -> guard.open() == 0);
    }
}
