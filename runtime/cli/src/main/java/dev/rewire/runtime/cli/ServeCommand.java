package dev.rewire.runtime.cli;

import dev.rewire.runtime.apps.ExitStatus;

import dev.rewire.runtime.serve.Domains;
import dev.rewire.runtime.host.RewireRuntime;
import dev.rewire.runtime.host.RuntimeOptions;
import dev.rewire.runtime.host.djl.DjlEngine;
import dev.rewire.runtime.serve.RewireService;
import dev.rewire.runtime.serve.ServeOptions;
import dev.rewire.runtime.engine.shadow.ShadowPolicy;
import java.net.InetAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rewire serve}: the reward server trainers call while they train. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves rewards over HTTP in the trainers' own protocols, micro-batching concurrent requests.",
                "POST /get_reward (OpenRLHF), /reward and / (slime), /verify, /seed_session, /aggregate_metrics "
                        + "(NeMo Gym), /v1/score (Rewire's records); "
                        + "GET /health, /ready, /metrics (Prometheus), /stats (per-term figures as trainers name them).",
                "Bundles and .cfg files in --deploy and .drl files in --policy are picked up while serving. "
                        + "SIGTERM or SIGINT: stop accepting, answer what is in flight, exit.",
                "Exit status: 0 stopped by a signal after a clean shutdown; 1 the host could not start, or serving "
                        + "failed for good (the micro-batcher died past its restarts); 2 usage."})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    HostOptions host;

    @Mixin
    ScoringMixin scoring;

    @Mixin
    ShadowOptions shadowing;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}); any other than loopback needs --token.")
    String bindHost;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8777",
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one and prints it).")
    int port;

    @Option(names = "--token", paramLabel = "T", defaultValue = "${env:REWIRE_TOKEN}",
            description = "Bearer token every request but GET /health must carry (Authorization: Bearer T). "
                    + "Default: $REWIRE_TOKEN.")
    String token;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "256",
            description = "Most samples one micro-batch gathers (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-wait-ms", paramLabel = "MS", defaultValue = "5",
            description = "How long a micro-batch's first request waits for others to join it, so samples of one "
                    + "prompt sent concurrently are scored as a group (default: ${DEFAULT-VALUE}).")
    long maxWaitMillis;

    @Option(names = "--max-body-bytes", paramLabel = "B", defaultValue = "16777216",
            description = "Largest request body; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "4096",
            description = "Most connections held at once; at the limit a new one closes the oldest that never sent "
                    + "a request (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--first-request-timeout-ms", paramLabel = "MS", defaultValue = "10000",
            description = "A connection that has not sent a request after MS is closed; one that has keeps the "
                    + "120 s idle timeout (default: ${DEFAULT-VALUE}).")
    long firstRequestMillis;

    @Option(names = "--check-window", paramLabel = "N", defaultValue = "256",
            description = "Checks measure windows of at least N served samples; their outcomes feed the policy "
                    + "for the samples after (default: ${DEFAULT-VALUE}).")
    int checkWindow;

    @Option(names = "--domain", paramLabel = "D",
            description = "Default domain of samples that name none (OpenRLHF, slime and NeMo Gym send none), e.g. math; "
                    + "it also holds over a data_source that --domain-map does not map.")
    String domain;

    @Option(names = "--domain-map", paramLabel = "SOURCE=DOMAIN", split = ",",
            description = "Domain of samples by their data_source (veRL), e.g. openai/gsm8k=math; repeatable. "
                    + "Order: domain field > --domain-map > --domain > data_source > unknown.")
    java.util.List<String> domainMap = new java.util.ArrayList<>();

    @Option(names = "--group-size", paramLabel = "N", defaultValue = "0",
            description = "Samples per prompt of a whole group: single-sample requests of one group key are held "
                    + "until N have arrived or --group-wait-ms has passed, then scored together (default: 0, off).")
    int groupSize;

    @Option(names = "--group-wait-ms", paramLabel = "MS", defaultValue = "10000",
            description = "How long a group short of --group-size waits for its other samples (default: ${DEFAULT-VALUE}).")
    long groupWaitMillis;

    @Override
    public Integer call() throws Exception {
        if (token != null && token.isBlank()) {
            token = null;
        }
        if (token == null && !InetAddress.getByName(bindHost).isLoopbackAddress()) {
            throw new IllegalArgumentException("--host " + bindHost + " is not a loopback address: set --token "
                    + "(or REWIRE_TOKEN) so that only your trainers can call it");
        }
        if (checkWindow < 1) {
            throw new IllegalArgumentException("--check-window must be >= 1, got " + checkWindow);
        }
        ServeOptions options = new ServeOptions(bindHost, port, token, maxBatch, maxWaitMillis, maxBodyBytes,
                Domains.of(domain, domainMap), groupSize, groupWaitMillis, maxConnections, firstRequestMillis);
        RuntimeOptions runtimeOptions = host.resolve(scoring.options(), checkWindow);
        RewireService service = RewireService.listen(options, System.err::println);
        // from here on a signal stops whatever has started, in order. SIGTERM and SIGINT are handled
        // here (not by the JVM's shutdown, which exits 143 or 130): the stop runs, awaitStop returns,
        // and a clean stop exits 0. The hook stays for any other way out (System.exit elsewhere, SIGHUP).
        StopSignals.install(() -> new Thread(service::stop, "rewire-serve-stop").start());
        Runtime.getRuntime().addShutdownHook(new Thread(service::stop, "rewire-serve-shutdown"));
        System.err.println("rewire: listening on http://" + service.address().getHostString() + ":"
                + service.address().getPort() + " (starting the host)");
        try {
            RewireRuntime runtime = RewireRuntime.start(runtimeOptions, System.err::println);
            DjlEngine djl = runtime.djl();
            ShadowPolicy shadow;
            try {
                shadow = shadowing.setup().start(runtime, "-", System.err::println);
            } catch (IllegalArgumentException | java.io.IOException e) {
                runtime.close();
                throw e;
            }
            service.serve(runtime, options, shadow);
            System.err.println("rewire: ready in " + String.format(java.util.Locale.ROOT, "%.2f", runtime.startSeconds())
                    + " s; " + djl.describe() + "; policy " + runtimeOptions.policy()
                    + "; POST /get_reward /reward /verify /seed_session /aggregate_metrics /v1/score; "
                    + "GET /health /ready /metrics /stats /reverify_mode"
                    + (groupSize > 0 ? "; groups of " + groupSize + " (--group-wait-ms " + groupWaitMillis + ")" : ""));
        } catch (RuntimeException | java.io.IOException e) {
            service.stop();
            throw e;
        }
        service.awaitStop();
        if (service.failure() != null) {
            System.err.println("rewire: serving failed: " + service.failure());
            return ExitStatus.FAILURE;
        }
        return ExitStatus.OK;
    }
}
