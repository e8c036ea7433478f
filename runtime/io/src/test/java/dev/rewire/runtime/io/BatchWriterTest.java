package dev.rewire.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewire.framework.record.RewardRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchWriterTest {

    private static List<RewardRecord> batch(String... ids) {
        List<RewardRecord> out = new ArrayList<>();
        for (String id : ids) {
            out.add(new RewardRecord(id, "p", 0, 1, 0, Map.of(), List.of(), null, null, null));
        }
        return out;
    }

    @Test
    void batchesAreWrittenInOrderEachFollowedByItsAfterWrite() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        List<String> seen = new ArrayList<>();
        try (BatchWriter writer = new BatchWriter(out)) {
            for (int b = 0; b < 20; b++) {
                String id = "r" + b;
                writer.submit(batch(id), () -> seen.add(out.toString(java.nio.charset.StandardCharsets.UTF_8).contains("\"" + id + "\"") ? id : "missing " + id));
            }
        }
        List<String> expected = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int b = 0; b < 20; b++) {
            expected.add("r" + b);
            text.append("{\"id\":\"r").append(b).append("\",\"prompt_id\":\"p\",\"batch\":0,\"reward\":1.0,")
                    .append("\"advantage\":0.0,\"terms\":{},\"rules\":[]}\n");
        }
        assertEquals(expected, seen);
        assertEquals(text.toString(), out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void aFailedWriteReachesTheSubmitter() {
        java.io.OutputStream broken = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("disk full");
            }
        };
        BatchWriter writer = new BatchWriter(broken);
        writer.submit(batch("a"), () -> { });
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
            for (int i = 0; i < 100; i++) {
                writer.submit(batch("b"), () -> { });
            }
            writer.finish();
        });
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
    }
}
