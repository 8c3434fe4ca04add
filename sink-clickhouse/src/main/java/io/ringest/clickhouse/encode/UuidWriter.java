package io.ringest.clickhouse.encode;

import io.ringest.engine.RowBuffer;

/**
 * Writes {@code UUID} from the canonical 36-character string {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} (hex of
 * either case) in ClickHouse's RowBinary layout:
 * <pre>
 *   [ high 64 bits, little-endian ][ low 64 bits, little-endian ]
 *   "00112233-4455-6677-8899-aabbccddeeff"  ->  77 66 55 44 33 22 11 00  ff ee dd cc bb aa 99 88
 * </pre>
 * One instance per encoder thread.
 */
final class UuidWriter
{
    private final JsonStringDecoder strings;

    UuidWriter(final JsonStringDecoder strings)
    {
        this.strings = strings;
    }

    /** Writes the value; null if written, else why not. */
    String write(final ClickHouseType type, final byte[] json, final int start, final int end, final RowBuffer out)
    {
        if (json[start] != '"')
        {
            return JsonValueText.mismatch("a UUID string", type, json, start, end);
        }
        final int length = strings.decode(json, start + 1, end - 1);
        if (length < 0)
        {
            return strings.error();
        }
        final byte[] text = strings.scratch();
        if (!isCanonical(text, length))
        {
            return "expected a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) for " + type.displayName() + ", found "
                + JsonValueText.excerpt(json, start, end);
        }
        final long high = hex(text, 0, 8) << 32 | hex(text, 9, 4) << 16 | hex(text, 14, 4);
        final long low = hex(text, 19, 4) << 48 | hex(text, 24, 12);
        out.writeLongLE(high);
        out.writeLongLE(low);
        return null;
    }

    private static boolean isCanonical(final byte[] text, final int length)
    {
        if (length != 36)
        {
            return false;
        }
        for (int i = 0; i < 36; i++)
        {
            final boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? text[i] != '-' : Character.digit(text[i], 16) < 0)
            {
                return false;
            }
        }
        return true;
    }

    /** The value of {@code count} hex digits at {@code at}, already checked. */
    private static long hex(final byte[] text, final int at, final int count)
    {
        long value = 0;
        for (int i = at; i < at + count; i++)
        {
            value = value << 4 | Character.digit(text[i], 16);
        }
        return value;
    }
}
