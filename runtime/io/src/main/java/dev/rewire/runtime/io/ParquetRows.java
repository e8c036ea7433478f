package dev.rewire.runtime.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * A Parquet file read as {@link InputRecords}: each row, numbered from 1 across the file's row
 * groups, becomes the JSON object text of {@link ParquetRowJson}. One row group is held at a time
 * (the unit Parquet compresses and encodes), so memory is bounded by the largest row group, never
 * the file. A file that is not Parquet, or was cut short (its footer, at the end, is gone), is
 * refused when opened, naming the file; a row group that cannot be decoded stops the read, naming
 * the file and the rows read before it. Not thread safe.
 */
public final class ParquetRows implements InputRecords {

    private final Path file;
    private final ParquetFileReader reader;
    private final List<BlockMetaData> rowGroups;
    private final MessageColumnIO columns;
    private final MessageType schema;
    private final ParquetRowJson json = new ParquetRowJson();
    private final long fileSize;
    private RecordReader<Group> rows;
    private int rowGroup = -1;
    private long rowsInGroup;
    private long readInGroup;
    private long number;
    private boolean ended;

    private ParquetRows(Path file, ParquetFileReader reader) throws IOException {
        this.file = file;
        this.reader = reader;
        this.rowGroups = reader.getRowGroups();
        this.schema = reader.getFooter().getFileMetaData().getSchema();
        this.columns = new ColumnIOFactory().getColumnIO(schema);
        this.fileSize = java.nio.file.Files.size(file);
    }

    /**
     * Opens the file and reads its footer (schema and row groups).
     *
     * @throws IOException naming the file when it is not Parquet, or is cut short
     */
    public static ParquetRows open(Path file) throws IOException {
        refuseWithoutFooter(file);
        ParquetFileReader reader;
        try {
            reader = ParquetFileReader.open(new LocalInputFile(file));
        } catch (IOException | RuntimeException e) {
            throw new IOException("the input " + file + " is not a readable Parquet file: its footer cannot be read ("
                    + e.getMessage() + ")", e);
        }
        try {
            return new ParquetRows(file, reader);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw new IOException("the input " + file + ": its Parquet schema cannot be read as records: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Parquet starts and ends with {@code PAR1}, the footer (schema, row groups) just before the end:
     * says which of the two is missing, in words, before the library's reader says it less plainly.
     */
    private static void refuseWithoutFooter(Path file) throws IOException {
        long size = java.nio.file.Files.size(file);
        byte[] head = new byte[4];
        byte[] tail = new byte[4];
        try (java.nio.channels.SeekableByteChannel in = java.nio.file.Files.newByteChannel(file)) {
            in.read(java.nio.ByteBuffer.wrap(head));
            in.position(Math.max(0, size - 4));
            in.read(java.nio.ByteBuffer.wrap(tail));
        }
        boolean starts = java.util.Arrays.equals(head, MAGIC);
        boolean ends = java.util.Arrays.equals(tail, MAGIC);
        if (size < 12 || !ends) {
            throw new IOException("the input " + file + (starts
                    ? " starts as Parquet but does not end as Parquet does (PAR1 after its footer): a file cut short?"
                    : " is not a Parquet file (it does not start or end with PAR1)")
                    + (size < 12 ? "; it is " + size + " bytes long" : ""));
        }
    }

    private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

    @Override
    public Line next() {
        if (ended) {
            return null;
        }
        try {
            while (readInGroup == rowsInGroup) {
                if (!nextRowGroup()) {
                    ended = true;
                    return null;
                }
            }
            Group row = rows.read();
            readInGroup++;
            number++;
            ParquetRowJson.Rendered r = json.render(row);
            return new Line(number, r.text(), r.problem());
        } catch (IOException | RuntimeException e) {
            String why = "the input " + file + ": Parquet row group " + (rowGroup + 1) + " of " + rowGroups.size()
                    + " cannot be read " + (number == 0 ? "before its first row" : "after row " + number)
                    + " (a corrupt file?): " + e.getMessage();
            throw new UncheckedIOException(why, new IOException(why, e));
        }
    }

    /** Moves to the next row group with rows; false past the last. */
    private boolean nextRowGroup() throws IOException {
        if (rowGroup + 1 >= rowGroups.size()) {
            return false;
        }
        rowGroup++;
        PageReadStore pages = reader.readNextRowGroup();
        if (pages == null) {
            return false;
        }
        rowsInGroup = pages.getRowCount();
        readInGroup = 0;
        rows = columns.getRecordReader(pages, new GroupRecordConverter(schema));
        return true;
    }

    @Override
    public boolean lastLineEnded() {
        return true;
    }

    /**
     * The rows read as a share of the file: where the current row group starts, plus the part of
     * its compressed bytes its rows read so far stand for; the file's size at the end.
     */
    @Override
    public long bytesRead() {
        if (ended) {
            return fileSize;
        }
        if (rowGroup < 0 || rowGroup >= rowGroups.size()) {
            return 0;
        }
        BlockMetaData group = rowGroups.get(rowGroup);
        return group.getStartingPos() + (rowsInGroup == 0 ? 0 : group.getCompressedSize() * readInGroup / rowsInGroup);
    }

    @Override
    public String unit() {
        return "row";
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
