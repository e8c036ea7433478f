package dev.rewire.runtime.io;

import dev.rewire.framework.record.RewardRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Reward records as Parquet rows of {@link #SCHEMA}: the JSON record's fields as columns, typed
 * (the nested parts as structs, lists and maps), so that pandas or Spark read
 * {@code reward} or {@code terms['answer'].value} without parsing JSON, and so that a row reads back
 * ({@link ParquetRowJson}) as the very JSON object the JSONL line holds, which is what lets check,
 * explain and diff read a scored Parquet file as they read a scored JSONL one. Provenance holds
 * configuration values of any JSON type, so it is one JSON-annotated string column. Each record
 * goes to Parquet through the same {@link dev.rewire.framework.json.RewardRecordCodec} as a JSONL
 * line. Not thread safe.
 */
public final class ParquetRecordSink implements RecordSink {

    private static final String STRINGS = "repeated group list { optional binary element (STRING); }";

    /** The reward record's columns; docs/formats.md shows the same text. */
    public static final MessageType SCHEMA = MessageTypeParser.parseMessageType("""
            message reward_record {
              required binary id (STRING);
              required binary prompt_id (STRING);
              required int64 batch;
              required double reward;
              required double advantage;
              optional group group {
                required int32 size;
                required boolean complete;
                optional int32 expected;
              }
              optional group terms (MAP) {
                repeated group key_value {
                  required binary key (STRING);
                  optional group value {
                    optional double value;
                    required double weight;
                    optional binary abstained (STRING);
                    optional group rules (LIST) { %1$s }
                    optional group explanation (MAP) {
                      repeated group key_value {
                        required binary key (STRING);
                        optional binary value (STRING);
                      }
                    }
                  }
                }
              }
              optional group rules (LIST) { %1$s }
              optional binary verdict (STRING);
              optional group observed {
                optional binary domain (STRING);
                optional binary source (STRING);
                required int32 length;
                optional double confidence;
                optional boolean correct;
                optional boolean approved;
              }
              optional binary provenance (JSON);
            }
            """.formatted(STRINGS));

    private final ParquetRowWriter rows;

    public ParquetRecordSink(Path file) throws IOException {
        this.rows = new ParquetRowWriter(file, SCHEMA);
    }

    @Override
    public void write(List<RewardRecord> batch) throws IOException {
        // the mapper writes a RewardRecord through its codec: the JSONL line's object, as a tree
        for (RewardRecord r : batch) {
            rows.write(r);
        }
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
