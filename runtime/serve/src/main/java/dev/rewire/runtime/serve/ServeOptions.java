package dev.rewire.runtime.serve;

/**
 * How {@code rewire serve} listens and batches.
 *
 * @param host          the address to bind (loopback unless a token is set)
 * @param port          the TCP port (0: any free port, printed at start)
 * @param token         the bearer token every request but {@code /health} must carry, or null
 * @param maxBatch      the most samples one micro-batch gathers (a larger request is scored in parts of this size)
 * @param maxWaitMillis how long the first request of a micro-batch waits for others to join it
 * @param maxBodyBytes  the largest request body accepted
 * @param domains       the domain of samples that name none ({@code --domain}, {@code --domain-map})
 * @param groupSize     the samples of a whole group, held for by the {@link GroupBarrier} (0: no barrier)
 * @param groupWaitMillis how long the barrier holds a group short of {@code groupSize}
 * @param maxConnections     the most connections held at once (see {@link ConnectionGuard})
 * @param firstRequestMillis how long a new connection may wait before its first request
 */
public record ServeOptions(String host, int port, String token, int maxBatch, long maxWaitMillis, long maxBodyBytes,
                           Domains domains, int groupSize, long groupWaitMillis, int maxConnections,
                           long firstRequestMillis) {

    public static final int DEFAULT_MAX_CONNECTIONS = 4096;
    public static final long DEFAULT_FIRST_REQUEST_MILLIS = 10_000;

    /** Options with the default connection limits. */
    public ServeOptions(String host, int port, String token, int maxBatch, long maxWaitMillis, long maxBodyBytes,
                        Domains domains, int groupSize, long groupWaitMillis) {
        this(host, port, token, maxBatch, maxWaitMillis, maxBodyBytes, domains, groupSize, groupWaitMillis,
                DEFAULT_MAX_CONNECTIONS, DEFAULT_FIRST_REQUEST_MILLIS);
    }

    public ServeOptions {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("--max-batch must be >= 1, got " + maxBatch);
        }
        if (maxWaitMillis < 0) {
            throw new IllegalArgumentException("--max-wait-ms must be >= 0, got " + maxWaitMillis);
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("--max-body-bytes must be >= 1, got " + maxBodyBytes);
        }
        if (groupSize < 0) {
            throw new IllegalArgumentException("--group-size must be >= 0, got " + groupSize);
        }
        if (groupWaitMillis < 0) {
            throw new IllegalArgumentException("--group-wait-ms must be >= 0, got " + groupWaitMillis);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("--max-connections must be >= 1, got " + maxConnections);
        }
        if (firstRequestMillis < 1) {
            throw new IllegalArgumentException("--first-request-timeout-ms must be >= 1, got " + firstRequestMillis);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
        }
    }
}
