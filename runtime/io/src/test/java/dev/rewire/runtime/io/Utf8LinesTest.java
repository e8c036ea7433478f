package dev.rewire.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8LinesTest {

    private static Utf8Lines lines(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return new Utf8Lines(new ByteArrayInputStream(out.toByteArray()));
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBadByteCostsItsOwnLineOnlyAndLineNumbersHold() throws Exception {
        Utf8Lines in = lines(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text("{\"a\":1}\r\n"),
                text("{\"b\":\"x"), new byte[] {(byte) 0xC3, (byte) 0x28}, text("\"}\n"),
                text("{\"c\":\"caf\u00e9\"}\rstill line 3\n"), text("last without newline"));
        Utf8Lines.Line first = in.next();
        assertEquals(new Utf8Lines.Line(1, "{\"a\":1}", null), first, "BOM skipped, CRLF ending dropped");
        Utf8Lines.Line bad = in.next();
        assertEquals(2, bad.number());
        assertEquals("invalid UTF-8: byte 0xC3 at byte 8 of the line", bad.error());
        Utf8Lines.Line third = in.next();
        assertEquals(3, third.number(), "a lone CR does not end a line");
        assertEquals("{\"c\":\"caf\u00e9\"}\rstill line 3", third.text());
        assertEquals(new Utf8Lines.Line(4, "last without newline", null), in.next());
        assertNull(in.next());
    }

    @Test
    void linesLongerThanTheBufferAreWhole() throws Exception {
        String longLine = "x".repeat(200_000);
        Utf8Lines in = lines(text(longLine + "\n" + "y\n"));
        assertEquals(longLine, in.next().text());
        assertEquals("y", in.next().text());
        assertNull(in.next());
    }

    @Test
    void aLineOverTheCapIsReportedWithItsLengthAndNotKept() throws Exception {
        byte[] huge = new byte[300_000];
        java.util.Arrays.fill(huge, (byte) 'x');
        Utf8Lines in = new Utf8Lines(new ByteArrayInputStream(concat(text("{\"a\":1}\n"), huge, text("\n{\"b\":2}\n"))),
                100_000);
        assertEquals(new Utf8Lines.Line(1, "{\"a\":1}", null), in.next());
        Utf8Lines.Line over = in.next();
        assertEquals(2, over.number());
        assertEquals("line of 300000 bytes is over the limit of 100000 bytes for one record (not JSON lines? one "
                + "object a line is expected); not read", over.error());
        assertEquals("x".repeat(256) + "...", over.text(), "only the head is kept, for the rejects file");
        assertEquals(new Utf8Lines.Line(3, "{\"b\":2}", null), in.next(), "the next line is read as usual");
        assertNull(in.next());
    }

    @Test
    void aByteOrderMarkOnALaterLineIsSkippedToo() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Utf8Lines in = lines(bom, text("{\"a\":1}\n"), bom, text("{\"b\":2}\n"));
        assertEquals(new Utf8Lines.Line(1, "{\"a\":1}", null), in.next());
        assertEquals(new Utf8Lines.Line(2, "{\"b\":2}", null), in.next(), "files joined with cat: each keeps its mark");
    }

    @Test
    void utf16AndUtf32AreRefusedAsAWholeNamingTheEncodingAndTheFile() {
        byte[] utf16 = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "{\"a\":1}\n".getBytes(StandardCharsets.UTF_16LE));
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                () -> new Utf8Lines(new NamedInput("in.jsonl", new ByteArrayInputStream(utf16))).next());
        assertEquals("the input in.jsonl is UTF-16LE text (it starts with the byte order mark FF FE); rewire reads UTF-8: "
                + "convert it first (iconv -f UTF-16 -t UTF-8)", e.getMessage());
        assertEquals(e.getMessage(), e.getCause().getMessage(), "the cause adds no other words");
        byte[] utf32 = {0, 0, (byte) 0xFE, (byte) 0xFF, 0, 0, 0, '{'};
        assertTrue(assertThrows(java.io.UncheckedIOException.class, () -> lines(utf32).next()).getMessage()
                .startsWith("the input is UTF-32BE text (it starts with the byte order mark 00 00 FE FF)"));
        assertTrue(assertThrows(java.io.UncheckedIOException.class, () -> lines(new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{'})
                .next()).getMessage().startsWith("the input is UTF-16BE text"));
    }

    @Test
    void aLineOfNulBytesIsNamedAsZeroFilled() {
        Utf8Lines in = lines(text("{\"a\":1}\n"), new byte[100], text("\n"), new byte[7]);
        in.next();
        assertEquals(new Utf8Lines.Line(2, "\0".repeat(100), "the line is 100 NUL bytes (zero-filled, as a crash leaves a "
                + "file cut short)"),
                in.next());
        assertTrue(in.lastLineEnded());
        assertEquals("the line is 7 NUL bytes (zero-filled, as a crash leaves a file cut short)", in.next().error());
        assertFalse(in.lastLineEnded(), "the input ended in it");
    }

    @Test
    void saysWhetherTheLastLineEndedWithANewline() {
        Utf8Lines in = lines(text("a\nb"));
        in.next();
        assertTrue(in.lastLineEnded());
        assertEquals("b", in.next().text());
        assertFalse(in.lastLineEnded());
        assertNull(in.next());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
