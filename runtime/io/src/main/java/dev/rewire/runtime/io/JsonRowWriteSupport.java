package dev.rewire.runtime.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Writes a JSON object as one Parquet row of a given schema: the inverse of {@link ParquetRowJson},
 * so that a row written here reads back as the object it was. A group takes an object, a LIST
 * (three levels: {@code list.element}) an array, a MAP ({@code key_value.key/value}, string keys)
 * an object, a JSON-annotated binary any JSON value as its text; a STRING column takes a string; a
 * DOUBLE column also the quoted words {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} that
 * Rewire's records write for those values. A null or missing value leaves an optional column null.
 * Not thread safe: Parquet's writer calls it from one thread.
 */
final class JsonRowWriteSupport extends WriteSupport<JsonNode> {

    private final MessageType schema;
    private RecordConsumer out;

    JsonRowWriteSupport(MessageType schema) {
        this.schema = schema;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(schema, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(JsonNode row) {
        out.startMessage();
        writeFields(schema, row);
        out.endMessage();
    }

    private void writeFields(GroupType type, JsonNode object) {
        if (!object.isObject()) {
            throw new IllegalArgumentException("'" + type.getName() + "' must be a JSON object for Parquet, got " + object);
        }
        for (int i = 0; i < type.getFieldCount(); i++) {
            Type field = type.getType(i);
            JsonNode value = object.get(field.getName());
            if (value == null || value.isNull()) {
                if (field.isRepetition(Type.Repetition.REQUIRED)) {
                    throw new IllegalArgumentException("Parquet column '" + field.getName() + "' is required, and the "
                            + "record has no value for it");
                }
                continue;
            }
            out.startField(field.getName(), i);
            writeValue(field, value);
            out.endField(field.getName(), i);
        }
    }

    private void writeValue(Type type, JsonNode value) {
        if (type.isPrimitive()) {
            writePrimitive(type.asPrimitiveType(), value);
            return;
        }
        GroupType group = type.asGroupType();
        LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
        out.startGroup();
        if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
            writeList(group, value);
        } else if (annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
            writeMap(group, value);
        } else {
            writeFields(group, value);
        }
        out.endGroup();
    }

    /** {@code optional group NAME (LIST) { repeated group list { optional ... element; } }} */
    private void writeList(GroupType listType, JsonNode array) {
        if (!array.isArray()) {
            throw new IllegalArgumentException("Parquet column '" + listType.getName() + "' is a list; got " + array);
        }
        if (array.isEmpty()) {
            return;
        }
        GroupType repeated = listType.getType(0).asGroupType();
        Type element = repeated.getType(0);
        out.startField(repeated.getName(), 0);
        for (JsonNode e : array) {
            out.startGroup();
            if (!e.isNull()) {
                out.startField(element.getName(), 0);
                writeValue(element, e);
                out.endField(element.getName(), 0);
            }
            out.endGroup();
        }
        out.endField(repeated.getName(), 0);
    }

    /** {@code optional group NAME (MAP) { repeated group key_value { required binary key (STRING); optional ... value; } }} */
    private void writeMap(GroupType mapType, JsonNode object) {
        if (!object.isObject()) {
            throw new IllegalArgumentException("Parquet column '" + mapType.getName() + "' is a map; got " + object);
        }
        if (object.isEmpty()) {
            return;
        }
        GroupType entry = mapType.getType(0).asGroupType();
        Type key = entry.getType(0);
        Type value = entry.getType(1);
        out.startField(entry.getName(), 0);
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.startGroup();
            out.startField(key.getName(), 0);
            out.addBinary(Binary.fromString(e.getKey()));
            out.endField(key.getName(), 0);
            if (!e.getValue().isNull()) {
                out.startField(value.getName(), 1);
                writeValue(value, e.getValue());
                out.endField(value.getName(), 1);
            }
            out.endGroup();
        }
        out.endField(entry.getName(), 0);
    }

    private void writePrimitive(PrimitiveType type, JsonNode value) {
        switch (type.getPrimitiveTypeName()) {
            case BOOLEAN -> out.addBoolean(expect(type, value, value.isBoolean()).booleanValue());
            case INT32 -> out.addInteger(expect(type, value, value.canConvertToInt()).intValue());
            case INT64 -> out.addLong(expect(type, value, value.canConvertToLong()).longValue());
            case FLOAT -> out.addFloat((float) number(type, value));
            case DOUBLE -> out.addDouble(number(type, value));
            case BINARY -> out.addBinary(Binary.fromString(
                    type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation
                            ? value.toString() : expect(type, value, value.isTextual()).textValue()));
            default -> throw new IllegalArgumentException("Parquet column '" + type.getName() + "': "
                    + type.getPrimitiveTypeName() + " is not written by Rewire");
        }
    }

    /** A number, or the words Jackson quotes a non-finite double as. */
    private static double number(PrimitiveType type, JsonNode value) {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        String text = value.asText();
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw mismatch(type, value);
        };
    }

    private static JsonNode expect(PrimitiveType type, JsonNode value, boolean fits) {
        if (!fits || (type.getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.BINARY
                && type.getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.BOOLEAN && !value.isNumber())) {
            throw mismatch(type, value);
        }
        return value;
    }

    private static IllegalArgumentException mismatch(PrimitiveType type, JsonNode value) {
        String shown = value.toString();
        return new IllegalArgumentException("Parquet column '" + type.getName() + "' (" + type.getPrimitiveTypeName()
                + ") cannot hold " + (shown.length() > 80 ? shown.substring(0, 80) + "..." : shown));
    }
}
