package dev.rewire.runtime.host;

import java.util.function.Consumer;

/**
 * Where the host's one-line notices go (stderr in the command line, a list in tests): a type of its
 * own so it can be injected by constructor. Thread-safe when the consumer is.
 */
public record HostLog(Consumer<String> sink) implements Consumer<String> {

    @Override
    public void accept(String line) {
        sink.accept(line);
    }
}
