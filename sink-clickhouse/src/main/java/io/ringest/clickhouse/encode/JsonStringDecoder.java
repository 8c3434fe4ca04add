package io.ringest.clickhouse.encode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decodes the body of a JSON string (between the quotes) into exact UTF-8 in a reused scratch array: escapes
 * ({@code \n \" \\ \/ \b \f \r \t \\uXXXX}, surrogate pairs) are resolved and raw bytes are validated as UTF-8
 * (no overlong forms, no encoded surrogates, nothing above U+10FFFF). Raw control characters are passed through.
 * One instance per encoder thread; the scratch grows only when a longer string arrives.
 */
final class JsonStringDecoder
{
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] scratch = new byte[256];
    private String error;

    byte[] scratch()
    {
        return scratch;
    }

    /** Why the last decode or validation failed; a constant. */
    String error()
    {
        return error;
    }

    /** Decodes {@code src[start..end)} into {@link #scratch()}; returns the byte count, or -1 with {@link #error()}. */
    int decode(final byte[] src, final int start, final int end)
    {
        if (scratch.length < end - start)
        {
            scratch = new byte[Math.max(end - start, scratch.length * 2)];
        }
        return decode(src, start, end, scratch, 0);
    }

    /**
     * Decodes {@code src[start..end)} into {@code dst} from {@code at}, which has room for {@code end - start} bytes (the
     * most a string decodes to); returns the byte count, or -1 with {@link #error()}. Text between escapes, ASCII and
     * valid UTF-8 alike, is copied in one piece.
     */
    int decode(final byte[] src, final int start, final int end, final byte[] dst, final int at)
    {
        int out = at;
        int i = start;
        while (i < end)
        {
            final int runStart = i;
            i = plainRun(src, i, end);
            while (i < end && src[i] < 0)
            {
                final int length = Utf8.sequenceLength(src, i, end);
                if (length < 0)
                {
                    return fail("invalid UTF-8 in a string");
                }
                i = plainRun(src, i + length, end);
            }
            System.arraycopy(src, runStart, dst, out, i - runStart);
            out += i - runStart;
            if (i == end)
            {
                break;
            }
            // src[i] is a backslash
            if (i + 1 >= end)
            {
                return fail("invalid escape at the end of a string");
            }
            final byte escaped = src[i + 1];
            if (escaped == 'u')
            {
                final int written = unicodeEscape(src, i, end, dst, out);
                if (written < 0)
                {
                    return -1;
                }
                i += written >>> 8;
                out += written & 0xFF;
                continue;
            }
            final int simple = simpleEscape(escaped);
            if (simple < 0)
            {
                return fail("invalid escape sequence in a string");
            }
            dst[out++] = (byte)simple;
            i += 2;
        }
        return out - at;
    }

    /**
     * The index of the first byte in {@code src[from..end)} that is a backslash or not ASCII, or {@code end}:
     * the run before it is copied as it is. Checks eight bytes at a time (SWAR), as log messages are mostly ASCII.
     */
    private static int plainRun(final byte[] src, final int from, final int end)
    {
        int i = from;
        while (i + Long.BYTES <= end)
        {
            final long word = (long)LONG.get(src, i);
            final long backslashes = word ^ 0x5C5C5C5C5C5C5C5CL;
            final long zeroBytes = (backslashes - 0x0101010101010101L) & ~backslashes;
            if (((word | zeroBytes) & 0x8080808080808080L) != 0)
            {
                break;
            }
            i += Long.BYTES;
        }
        while (i < end && src[i] >= 0 && src[i] != '\\')
        {
            i++;
        }
        return i;
    }

    /** True if {@code src[start..end)} is valid UTF-8, e.g. raw JSON text written into a String column. */
    boolean isValidUtf8(final byte[] src, final int start, final int end)
    {
        int i = start;
        while (i < end)
        {
            if (i + Long.BYTES <= end && ((long)LONG.get(src, i) & 0x8080808080808080L) == 0)
            {
                i += Long.BYTES;  // eight ASCII bytes
                continue;
            }
            if (src[i] >= 0)
            {
                i++;
                continue;
            }
            final int length = Utf8.sequenceLength(src, i, end);
            if (length < 0)
            {
                error = "invalid UTF-8 in a string";
                return false;
            }
            i += length;
        }
        return true;
    }

    /** Returns (input bytes consumed << 8) | output bytes written, or -1 with {@link #error()}. */
    private int unicodeEscape(final byte[] src, final int at, final int end, final byte[] dst, final int out)
    {
        int code = hex4(src, at + 2, end);
        if (code < 0)
        {
            return fail("invalid \\u escape in a string");
        }
        int consumed = 6;
        if (code >= 0xDC00 && code <= 0xDFFF)
        {
            return fail("lone low surrogate in a string");
        }
        if (code >= 0xD800 && code <= 0xDBFF)
        {
            final int low = at + 7 < end && src[at + 6] == '\\' && src[at + 7] == 'u' ? hex4(src, at + 8, end) : -1;
            if (low < 0xDC00 || low > 0xDFFF)
            {
                return fail("lone high surrogate in a string");
            }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            consumed = 12;
        }
        return consumed << 8 | Utf8.encode(code, dst, out);
    }

    private static int simpleEscape(final byte escaped)
    {
        return switch (escaped)
        {
            case '"', '\\', '/' -> escaped;
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'b' -> '\b';
            case 'f' -> '\f';
            default -> -1;
        };
    }

    private static int hex4(final byte[] src, final int at, final int end)
    {
        if (at + 4 > end)
        {
            return -1;
        }
        int value = 0;
        for (int i = at; i < at + 4; i++)
        {
            final int digit = Character.digit(src[i], 16);
            if (digit < 0)
            {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private int fail(final String reason)
    {
        error = reason;
        return -1;
    }
}
