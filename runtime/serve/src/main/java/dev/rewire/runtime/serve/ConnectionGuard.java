package dev.rewire.runtime.serve;

import java.net.SocketAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

/**
 * Bounds the connections {@code rewire serve} holds, in front of the HTTP listener: a connection
 * that has not sent a request within {@code firstRequestMillis} is closed (idle connections opened
 * by the thousand cannot hold the server), and at {@code maxConnections} a new connection makes
 * room by closing the oldest one that never sent a request; when every connection has sent one,
 * the new one is closed. A connection that sent a request keeps the server's ordinary idle timeout.
 * Accepts run on the XNIO I/O threads; {@link #requested} on any thread. Thread safe.
 */
final class ConnectionGuard implements ChannelListener<StreamConnection> {

    private static final class Tracked {
        final StreamConnection connection;
        final SocketAddress peer;
        volatile boolean requested;

        Tracked(StreamConnection connection) {
            this.connection = connection;
            this.peer = connection.getPeerAddress();
        }

        void forget(Map<SocketAddress, Tracked> waiting) {
            if (peer != null) {
                waiting.remove(peer, this);
            }
        }
    }

    private final ChannelListener<StreamConnection> delegate;
    private final int maxConnections;
    private final long firstRequestMillis;
    private final Consumer<String> log;
    /**
     * Every connection accepted, oldest first. Closed ones stay counted until the count passes the
     * limit, which prunes them: the list never holds much more than the limit.
     */
    private final ConcurrentLinkedDeque<Tracked> connections = new ConcurrentLinkedDeque<>();
    private final Map<SocketAddress, Tracked> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();

    ConnectionGuard(ChannelListener<StreamConnection> delegate, int maxConnections, long firstRequestMillis,
                    Consumer<String> log) {
        this.delegate = delegate;
        this.maxConnections = maxConnections;
        this.firstRequestMillis = firstRequestMillis;
        this.log = log;
    }

    @Override
    public void handleEvent(StreamConnection connection) {
        Tracked t = new Tracked(connection);
        if (count.incrementAndGet() > maxConnections && !makeRoom()) {
            count.decrementAndGet();
            IoUtils.safeClose(connection);
            if (refused.incrementAndGet() % 1000 == 1) {
                log.accept("serve: " + maxConnections + " connections, each with a request: a new connection was "
                        + "closed (--max-connections; " + refused.get() + " so far)");
            }
            return;
        }
        connections.add(t);
        if (t.peer != null) {
            waiting.put(t.peer, t);
        }
        connection.getIoThread().executeAfter(() -> {
            if (!t.requested) {
                t.forget(waiting);
                IoUtils.safeClose(connection);
            }
        }, firstRequestMillis, TimeUnit.MILLISECONDS);
        delegate.handleEvent(connection);
    }

    /** A request arrived on the connection from {@code peer}: it is no longer one that never sent a request. */
    void requested(SocketAddress peer) {
        Tracked t = waiting.remove(peer);
        if (t != null) {
            t.requested = true;
        }
    }

    /** Prunes closed connections, then closes the oldest that never sent a request; false when none could go. */
    private boolean makeRoom() {
        for (Iterator<Tracked> it = connections.iterator(); it.hasNext(); ) {
            Tracked t = it.next();
            if (!t.connection.isOpen()) {
                it.remove();
                t.forget(waiting);
                count.decrementAndGet();
            }
        }
        if (count.get() <= maxConnections) {
            return true;
        }
        for (Iterator<Tracked> it = connections.iterator(); it.hasNext(); ) {
            Tracked t = it.next();
            if (!t.requested) {
                it.remove();
                t.forget(waiting);
                IoUtils.safeClose(t.connection);
                count.decrementAndGet();
                if (evicted.incrementAndGet() % 1000 == 1) {
                    log.accept("serve: at " + maxConnections + " connections: closing the oldest that never sent a "
                            + "request (--max-connections; " + evicted.get() + " so far)");
                }
                return true;
            }
        }
        return false;
    }
}
