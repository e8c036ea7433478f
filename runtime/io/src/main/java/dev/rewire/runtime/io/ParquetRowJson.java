package dev.rewire.runtime.io;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.rewire.framework.json.RewireJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * A Parquet row as the JSON object text a JSONL line would carry, so that it goes through the same
 * decoders: a group is an object (its fields in schema order), a LIST (and a repeated field) an
 * array, a MAP an object keyed by the keys' text, a STRING/ENUM (or unannotated) binary a string, a
 * JSON-annotated binary the JSON value it holds, numbers and booleans themselves (DECIMAL exactly,
 * unsigned integers unsigned, NaN and infinities as the quoted words Rewire's own records use), an
 * INT96 timestamp its ISO-8601 instant, a UUID its text; a null or absent value leaves its field out
 * (a null inside a list or a map stays null: positions and keys matter there). Dates, times and
 * timestamps other than INT96 are their stored numbers. Not thread safe: one per reader.
 */
final class ParquetRowJson {

    /** A row's JSON text, and why it is not the row's exact content (null when it is). */
    record Rendered(String text, String problem) {
    }

    /** The Julian day of 1970-01-01: INT96 timestamps count days from the Julian epoch. */
    private static final long UNIX_EPOCH_JULIAN_DAY = 2_440_588;

    private final java.nio.charset.CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final StringWriter text = new StringWriter(1024);
    private String problem;

    Rendered render(Group row) {
        problem = null;
        text.getBuffer().setLength(0);
        try (JsonGenerator g = RewireJson.mapper().getFactory().createGenerator(text)) {
            writeObject(g, row);
        } catch (IOException e) {
            // a generator writing to memory fails only on a bug
            throw new UncheckedIOException("cannot render a Parquet row as JSON: " + e.getMessage(), e);
        }
        return new Rendered(text.toString(), problem);
    }

    private void writeObject(JsonGenerator g, Group group) throws IOException {
        g.writeStartObject();
        GroupType type = group.getType();
        for (int i = 0; i < type.getFieldCount(); i++) {
            Type field = type.getType(i);
            int count = group.getFieldRepetitionCount(i);
            if (field.isRepetition(Type.Repetition.REPEATED)) {
                // a repeated field outside a LIST (protobuf's layout): its values, in order
                g.writeFieldName(field.getName());
                g.writeStartArray();
                for (int j = 0; j < count; j++) {
                    writeValue(g, group, i, j);
                }
                g.writeEndArray();
            } else if (count > 0) {
                g.writeFieldName(field.getName());
                writeValue(g, group, i, 0);
            }
        }
        g.writeEndObject();
    }

    private void writeValue(JsonGenerator g, Group parent, int field, int index) throws IOException {
        Type type = parent.getType().getType(field);
        if (type.isPrimitive()) {
            writePrimitive(g, parent, field, index, type.asPrimitiveType());
            return;
        }
        Group group = parent.getGroup(field, index);
        LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
        if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            writeList(g, group);
        } else if (annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) {
            writeMap(g, group);
        } else {
            writeObject(g, group);
        }
    }

    /**
     * A LIST group holds one repeated field. Read as the format's backward-compatibility rules say:
     * the repeated field is the element itself when it is a primitive, a group of several fields, or
     * named {@code array} or {@code NAME_tuple} (older writers); else it wraps the element (the
     * standard three levels: {@code list.element}).
     */
    private void writeList(JsonGenerator g, Group list) throws IOException {
        g.writeStartArray();
        GroupType listType = list.getType();
        if (listType.getFieldCount() == 1) {
            Type repeated = listType.getType(0);
            boolean repeatedIsElement = repeated.isPrimitive() || repeated.asGroupType().getFieldCount() != 1
                    || repeated.getName().equals("array") || repeated.getName().equals(listType.getName() + "_tuple");
            int n = list.getFieldRepetitionCount(0);
            for (int j = 0; j < n; j++) {
                if (repeatedIsElement) {
                    writeValue(g, list, 0, j);
                } else {
                    Group wrapper = list.getGroup(0, j);
                    if (wrapper.getFieldRepetitionCount(0) == 0) {
                        g.writeNull();
                    } else {
                        writeValue(g, wrapper, 0, 0);
                    }
                }
            }
        }
        g.writeEndArray();
    }

    /** A MAP group holds one repeated group of key (field 0) and value (field 1, optional). */
    private void writeMap(JsonGenerator g, Group map) throws IOException {
        g.writeStartObject();
        GroupType mapType = map.getType();
        if (mapType.getFieldCount() == 1 && !mapType.getType(0).isPrimitive()) {
            int n = map.getFieldRepetitionCount(0);
            for (int j = 0; j < n; j++) {
                Group entry = map.getGroup(0, j);
                g.writeFieldName(keyText(entry));
                if (entry.getType().getFieldCount() < 2 || entry.getFieldRepetitionCount(1) == 0) {
                    g.writeNull();
                } else {
                    writeValue(g, entry, 1, 0);
                }
            }
        }
        g.writeEndObject();
    }

    /** A map key as a JSON field name: a string's text, any other key's value as text. */
    private String keyText(Group entry) {
        Type key = entry.getType().getType(0);
        if (key.isPrimitive() && key.asPrimitiveType().getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY) {
            return text(entry.getBinary(0, 0), key.getName());
        }
        return entry.getValueToString(0, 0);
    }

    private void writePrimitive(JsonGenerator g, Group parent, int field, int index, PrimitiveType type)
            throws IOException {
        LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
        switch (type.getPrimitiveTypeName()) {
            case BOOLEAN -> g.writeBoolean(parent.getBoolean(field, index));
            case INT32 -> {
                int v = parent.getInteger(field, index);
                if (annotation instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                    g.writeNumber(BigDecimal.valueOf(v, d.getScale()));
                } else if (annotation instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned()) {
                    g.writeNumber(Integer.toUnsignedLong(v));
                } else {
                    g.writeNumber(v);
                }
            }
            case INT64 -> {
                long v = parent.getLong(field, index);
                if (annotation instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
                    g.writeNumber(BigDecimal.valueOf(v, d.getScale()));
                } else if (annotation instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned()) {
                    g.writeNumber(new BigInteger(Long.toUnsignedString(v)));
                } else {
                    g.writeNumber(v);
                }
            }
            case FLOAT -> g.writeNumber(parent.getFloat(field, index));
            case DOUBLE -> g.writeNumber(parent.getDouble(field, index));
            case INT96 -> g.writeString(int96Instant(parent.getInt96(field, index)).toString());
            case BINARY, FIXED_LEN_BYTE_ARRAY -> writeBinary(g, parent.getBinary(field, index), type);
        }
    }

    private void writeBinary(JsonGenerator g, Binary value, PrimitiveType type) throws IOException {
        LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
        if (annotation instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
            g.writeNumber(new BigDecimal(new BigInteger(value.getBytes()), d.getScale()));
        } else if (annotation instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
            ByteBuffer b = value.toByteBuffer();
            g.writeString(new UUID(b.getLong(), b.getLong()).toString());
        } else if (annotation instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
            // the JSON value itself, so that e.g. a provenance column reads back as the object it was
            g.writeRawValue(text(value, type.getName()));
        } else {
            g.writeString(text(value, type.getName()));
        }
    }

    /** The bytes as strict UTF-8; bytes that are not are replaced, and the row is marked as not read faithfully. */
    private String text(Binary value, String column) {
        ByteBuffer bytes = value.toByteBuffer();
        try {
            CharBuffer chars = strict.decode(bytes.duplicate());
            return chars.toString();
        } catch (CharacterCodingException e) {
            if (problem == null) {
                problem = "column '" + column + "' holds bytes that are not UTF-8 text";
            }
            return StandardCharsets.UTF_8.decode(bytes.duplicate()).toString();
        }
    }

    /** INT96: nanoseconds of the day (8 bytes) then the Julian day (4 bytes), little-endian (Impala's, Spark's legacy timestamps). */
    private static Instant int96Instant(Binary value) {
        ByteBuffer b = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = b.getLong();
        long julianDay = Integer.toUnsignedLong(b.getInt());
        return Instant.ofEpochSecond((julianDay - UNIX_EPOCH_JULIAN_DAY) * 86_400L, nanosOfDay);
    }
}
