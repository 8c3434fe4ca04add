package io.ringest.clickhouse.encode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the end of a JSON string eight bytes at a time (SWAR) and tells whether its body is plain: no escape and no byte
 * above 0x7F, so its bytes are already the decoded, valid UTF-8 and a writer can copy them as they are. One instance
 * per encoder thread; the result of the last scan stays in {@link #plain()}.
 */
final class QuoteScanner
{
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private boolean plain;
    private boolean escaped;

    /** Whether the string of the last {@link #close} had no escape and only ASCII. */
    boolean plain()
    {
        return plain;
    }

    /** Whether the string of the last {@link #close} had a backslash escape. */
    boolean escaped()
    {
        return escaped;
    }

    /**
     * Index of the quote that closes the string whose body starts at {@code from}, or -1 if it is not closed; eight
     * bytes at a time. Sets {@link #plain()} if the body has no escape and no byte above 0x7F.
     */
    int close(final byte[] json, final int from, final int end)
    {
        long high = 0;
        boolean escaped = false;
        int i = from;
        while (i < end)
        {
            if (i + Long.BYTES <= end)
            {
                final long word = (long)LONG.get(json, i);
                final long found = quoteOrBackslash(word);
                if (found == 0)
                {
                    high |= word;
                    i += Long.BYTES;
                    continue;
                }
                final int before = Long.numberOfTrailingZeros(found) >>> 3;
                high |= word & ((1L << (before << 3)) - 1);  // the bytes ahead of the quote or backslash count too
                i += before;
            }
            final byte b = json[i];
            if (b == '"')
            {
                this.escaped = escaped;
                plain = !escaped && (high & 0x8080808080808080L) == 0;
                return i;
            }
            high |= b & 0x80;
            escaped |= b == '\\';
            i += b == '\\' ? 2 : 1;
        }
        return -1;
    }

    /**
     * The high bit of each byte of {@code word} (little-endian) that is a quote or a backslash; a false one can follow
     * a true one, so only the lowest set bit is to be trusted.
     */
    static long quoteOrBackslash(final long word)
    {
        final long quotes = word ^ 0x2222222222222222L;
        final long backslashes = word ^ 0x5C5C5C5C5C5C5C5CL;
        return ((quotes - 0x0101010101010101L) & ~quotes | (backslashes - 0x0101010101010101L) & ~backslashes)
            & 0x8080808080808080L;
    }
}
