package io.ringest.clickhouse.encode;

/** UTF-8 validation and encoding on byte arrays, allocation-free; stateless and thread-safe. */
final class Utf8
{
    private Utf8()
    {
    }

    /** Writes {@code code} as UTF-8 at {@code dst[out]} and returns the byte count (1..4). */
    static int encode(final int code, final byte[] dst, final int out)
    {
        if (code < 0x80)
        {
            dst[out] = (byte)code;
            return 1;
        }
        if (code < 0x800)
        {
            dst[out] = (byte)(0xC0 | code >>> 6);
            dst[out + 1] = (byte)(0x80 | code & 0x3F);
            return 2;
        }
        if (code < 0x10000)
        {
            dst[out] = (byte)(0xE0 | code >>> 12);
            dst[out + 1] = (byte)(0x80 | code >>> 6 & 0x3F);
            dst[out + 2] = (byte)(0x80 | code & 0x3F);
            return 3;
        }
        dst[out] = (byte)(0xF0 | code >>> 18);
        dst[out + 1] = (byte)(0x80 | code >>> 12 & 0x3F);
        dst[out + 2] = (byte)(0x80 | code >>> 6 & 0x3F);
        dst[out + 3] = (byte)(0x80 | code & 0x3F);
        return 4;
    }

    /** Length of the well-formed UTF-8 sequence starting at a non-ASCII byte (Unicode table 3-7), or -1. */
    static int sequenceLength(final byte[] src, final int at, final int end)
    {
        final int b0 = src[at] & 0xFF;
        final int length;
        int low = 0x80;
        int high = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF)
        {
            length = 2;
        }
        else if (b0 >= 0xE0 && b0 <= 0xEF)
        {
            length = 3;
            low = b0 == 0xE0 ? 0xA0 : 0x80;
            high = b0 == 0xED ? 0x9F : 0xBF;
        }
        else if (b0 >= 0xF0 && b0 <= 0xF4)
        {
            length = 4;
            low = b0 == 0xF0 ? 0x90 : 0x80;
            high = b0 == 0xF4 ? 0x8F : 0xBF;
        }
        else
        {
            return -1;
        }
        if (at + length > end)
        {
            return -1;
        }
        final int b1 = src[at + 1] & 0xFF;
        if (b1 < low || b1 > high)
        {
            return -1;
        }
        for (int i = at + 2; i < at + length; i++)
        {
            if ((src[i] & 0xC0) != 0x80)
            {
                return -1;
            }
        }
        return length;
    }
}
