package dev.rewire.runtime.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rewire.framework.json.RewireJson;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * Rows written to a Parquet file of a given schema, each row the JSON tree Rewire's mapper makes of
 * it, laid onto the schema by {@link JsonRowWriteSupport}. Snappy-compressed (what pandas, pyarrow
 * and Spark write by default, so every reader has the codec). Rows are buffered into row groups of
 * at most {@link #ROW_GROUP_BYTES}: that bounds the writer's memory. The file is readable only once
 * closed (the footer is written last): a run killed before leaves a file no reader opens. Not
 * thread safe.
 */
public final class ParquetRowWriter implements RowSink {

    /** 64 MiB: a row group is what a reader holds at once, too. */
    static final long ROW_GROUP_BYTES = 64L << 20;

    private final ParquetWriter<JsonNode> writer;
    private final Path file;

    public ParquetRowWriter(Path file, MessageType schema) throws IOException {
        this.file = file;
        this.writer = new Builder(new LocalOutputFile(DataFiles.withParent(file)), schema)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupSize(ROW_GROUP_BYTES)
                .build();
    }

    @Override
    public void write(Object row) throws IOException {
        JsonNode tree = row instanceof JsonNode node ? node : RewireJson.mapper().valueToTree(row);
        try {
            writer.write(tree);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot write a row to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static final class Builder extends ParquetWriter.Builder<JsonNode, Builder> {

        private final MessageType schema;

        Builder(OutputFile file, MessageType schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<JsonNode> getWriteSupport(Configuration conf) {
            return new JsonRowWriteSupport(schema);
        }
    }
}
