package dev.rewire.runtime.engine.shadow;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.rewire.framework.json.RewireJson;
import dev.rewire.framework.record.RewardRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shadow file: one JSON line per sample and batch, the live record beside the candidate's
 * (rewards, their delta, advantages, whether the advantage's sign flipped). Written by the one
 * thread that compares batches; {@link #close} may come more than once.
 */
final class ShadowPairs implements AutoCloseable {

    private final OutputStream out;
    private JsonGenerator lines;

    ShadowPairs(Path file) throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        lines = RewireJson.mapper().getFactory().createGenerator(out);
        lines.setRootValueSeparator(null);
    }

    /** One line: the live record {@code b} and the candidate's {@code c} for the same sample. */
    void write(long batchIndex, RewardRecord b, RewardRecord c) {
        try {
            JsonGenerator g = lines;
            g.writeStartObject();
            g.writeNumberField("batch", batchIndex);
            g.writeStringField("id", b.id());
            g.writeStringField("prompt_id", b.promptId());
            g.writeNumberField("live_reward", b.reward());
            g.writeNumberField("candidate_reward", c.reward());
            g.writeNumberField("reward_delta", c.reward() - b.reward());
            g.writeNumberField("live_advantage", b.advantage());
            g.writeNumberField("candidate_advantage", c.advantage());
            g.writeBooleanField("sign_flip", Math.signum(b.advantage()) * Math.signum(c.advantage()) < 0);
            g.writeEndObject();
            g.writeRaw('\n');
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Pushes a batch's lines to the file, so that a reader sees whole batches. */
    void flush() {
        try {
            lines.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    /** Finishes the file; later calls do nothing. */
    @Override
    public void close() {
        if (lines != null) {
            try {
                lines.close();
                out.close();
            } catch (IOException e) {
                throw failed(e);
            } finally {
                lines = null;
            }
        }
    }

    private static UncheckedIOException failed(IOException e) {
        return new UncheckedIOException("cannot write the shadow pairs: " + e.getMessage(), e);
    }
}
