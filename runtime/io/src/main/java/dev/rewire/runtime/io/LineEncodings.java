package dev.rewire.runtime.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What {@link Utf8Lines} says of a line that is not UTF-8 text: an input in UTF-16 or UTF-32 (by
 * its byte order mark), a line of NUL bytes alone. Reads the line's bytes where they lie and
 * allocates only for the message, so a good line costs nothing here. Stateless.
 */
final class LineEncodings {

    private LineEncodings() {
    }

    /**
     * Refuses an input that starts with the byte order mark of UTF-16 or UTF-32 (a Windows editor's
     * "Unicode", PowerShell's {@code >}): read as UTF-8, each of its lines would be rejected for NUL
     * bytes and bad sequences it does not have.
     *
     * @param line the first line's bytes, {@code length} of them
     * @param source how messages name the input
     */
    static void refuseOtherUnicodeEncodings(byte[] line, int length, String source) {
        int b0 = length > 0 ? line[0] & 0xff : -1;
        int b1 = length > 1 ? line[1] & 0xff : -1;
        int b2 = length > 2 ? line[2] & 0xff : -1;
        int b3 = length > 3 ? line[3] & 0xff : -1;
        String encoding = b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0 ? "UTF-32LE"
                : b0 == 0 && b1 == 0 && b2 == 0xFE && b3 == 0xFF ? "UTF-32BE"
                : b0 == 0xFF && b1 == 0xFE ? "UTF-16LE"
                : b0 == 0xFE && b1 == 0xFF ? "UTF-16BE" : null;
        if (encoding != null) {
            int markLength = encoding.startsWith("UTF-32") ? 4 : 2;
            StringBuilder mark = new StringBuilder();
            for (int i = 0; i < markLength; i++) {
                mark.append(i == 0 ? "" : " ").append(String.format("%02X", line[i] & 0xff));
            }
            String why = source + " is " + encoding + " text (it starts with the byte order mark " + mark
                    + "); rewire reads UTF-8: convert it first (iconv -f " + encoding.substring(0, 6) + " -t UTF-8)";
            throw new UncheckedIOException(why, new IOException(why));
        }
    }

    /** Whether the UTF-8 byte order mark starts the line's {@code length} bytes. */
    static boolean startsWithBom(byte[] line, int length) {
        return length >= 3 && (line[0] & 0xff) == 0xEF && (line[1] & 0xff) == 0xBB && (line[2] & 0xff) == 0xBF;
    }

    /**
     * Null, or when bytes {@code offset} to {@code end} of a line (at least one) are all NUL, the reason
     * to reject it: the zero-filled tail a crash leaves in a preallocated file.
     */
    static String nulLine(byte[] line, int offset, int end) {
        for (int i = offset; i < end; i++) {
            if (line[i] != 0) {
                return null;
            }
        }
        return end > offset ? String.format(Locale.ROOT,
                "the line is %d NUL bytes (zero-filled, as a crash leaves a file cut short)", end - offset) : null;
    }
}
