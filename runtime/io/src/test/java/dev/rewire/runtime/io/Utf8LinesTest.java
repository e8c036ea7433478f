package dev.rewire.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
