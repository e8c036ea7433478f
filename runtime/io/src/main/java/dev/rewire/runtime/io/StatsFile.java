package dev.rewire.runtime.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.rewire.framework.json.RewireJson;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes {@code --stats}: JSON in which a figure that has no value (the mean of a term that never
 * scored: NaN) is {@code null}, never the string {@code "NaN"} a JSON reader takes for text.
 */
public final class StatsFile {

    private static final ObjectWriter WRITER = RewireJson.mapper().copy()
            .registerModule(new SimpleModule("finite-or-null")
                    .addSerializer(Double.class, new FiniteOrNull())
                    .addSerializer(Double.TYPE, new FiniteOrNull()))
            .writerWithDefaultPrettyPrinter();

    private StatsFile() {
    }

    public static void write(Object stats, Path file) throws IOException {
        WRITER.writeValue(DataFiles.withParent(file).toFile(), stats);
    }

    private static final class FiniteOrNull extends JsonSerializer<Double> {
        @Override
        public void serialize(Double value, JsonGenerator out, SerializerProvider provider) throws IOException {
            if (value == null || !Double.isFinite(value)) {
                out.writeNull();
            } else {
                out.writeNumber(value);
            }
        }
    }
}
