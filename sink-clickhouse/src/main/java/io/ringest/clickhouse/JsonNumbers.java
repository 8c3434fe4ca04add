package io.ringest.clickhouse;

import ch.randelshofer.fastdoubleparser.JavaFloatParser;
import ch.randelshofer.fastdoubleparser.JsonDoubleParser;

/**
 * Reads JSON numbers from byte ranges: integers exactly as a sign and an unsigned 64-bit magnitude (so UInt64 up to
 * 2^64-1 and Int64 down to -2^63 fit), floats correctly rounded by FastDoubleParser. One instance per encoder thread;
 * integer results stay in fields until the next call, nothing is allocated per value.
 */
final class JsonNumbers
{
    private boolean negative;
    private long magnitude;

    /** Whether the last {@link #parseInteger} read a minus sign. */
    boolean negative()
    {
        return negative;
    }

    /** The absolute value of the last integer read, as an unsigned 64-bit number. */
    long magnitude()
    {
        return magnitude;
    }

    /** True if {@code json[start..end)} is a JSON number: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    static boolean isNumber(final byte[] json, final int start, final int end)
    {
        int i = integerEnd(json, start, end);
        if (i < 0)
        {
            return false;
        }
        if (i < end && json[i] == '.')
        {
            final int first = ++i;
            i = digitsEnd(json, i, end);
            if (i == first)
            {
                return false;
            }
        }
        if (i < end && (json[i] == 'e' || json[i] == 'E'))
        {
            i++;
            if (i < end && (json[i] == '+' || json[i] == '-'))
            {
                i++;
            }
            final int first = i;
            i = digitsEnd(json, i, end);
            if (i == first)
            {
                return false;
            }
        }
        return i == end;
    }

    /** True if {@code json[start..end)} is a JSON integer: {@code -?(0|[1-9][0-9]*)}. */
    static boolean isInteger(final byte[] json, final int start, final int end)
    {
        return integerEnd(json, start, end) == end;
    }

    /**
     * Reads {@code json[start..end)} as an integer into {@link #negative()} and {@link #magnitude()}.
     * Returns false if it is not a plain integer (a fraction or exponent) or its magnitude exceeds 2^64-1.
     */
    boolean parseInteger(final byte[] json, final int start, final int end)
    {
        if (integerEnd(json, start, end) != end)
        {
            return false;
        }
        negative = json[start] == '-';
        long value = 0;
        for (int i = negative ? start + 1 : start; i < end; i++)
        {
            if (Long.compareUnsigned(value, 0x1999_9999_9999_9999L) > 0)
            {
                return false;
            }
            final long next = value * 10 + (json[i] - '0');
            if (Long.compareUnsigned(next, value * 10) < 0)
            {
                return false;
            }
            value = next;
        }
        magnitude = value;
        return true;
    }

    /** Whether the last integer read fits a column of {@code kind}. */
    boolean fits(final ClickHouseType.Kind kind)
    {
        if (kind == ClickHouseType.Kind.UINT64)
        {
            return !negative || magnitude == 0;
        }
        if (negative)
        {
            return Long.compareUnsigned(magnitude, -kind.min) <= 0;
        }
        return Long.compareUnsigned(magnitude, kind.max) <= 0;
    }

    /** The last integer read as a two's complement long (valid after {@link #fits} returned true). */
    long value()
    {
        return negative ? -magnitude : magnitude;
    }

    /**
     * The double nearest to the JSON number {@code json[start..end)} (already checked with {@link #isNumber}), rounded
     * as {@link Double#parseDouble} rounds it, bit for bit; infinite if it overflows. FastDoubleParser reads the byte
     * range in place and allocates nothing for up to 19 significant digits.
     */
    static double parseDouble(final byte[] json, final int start, final int end)
    {
        return JsonDoubleParser.parseDouble(json, start, end - start);
    }

    /**
     * The float nearest to the JSON number {@code json[start..end)}, as {@link Float#parseFloat} rounds it (directly,
     * not through a double, which would round twice); infinite if it overflows.
     */
    static float parseFloat(final byte[] json, final int start, final int end)
    {
        return JavaFloatParser.parseFloat(json, start, end - start);
    }

    private static int integerEnd(final byte[] json, final int start, final int end)
    {
        int i = start < end && json[start] == '-' ? start + 1 : start;
        if (i >= end || json[i] < '0' || json[i] > '9')
        {
            return -1;
        }
        if (json[i] == '0')
        {
            return i + 1;
        }
        return digitsEnd(json, i, end);
    }

    private static int digitsEnd(final byte[] json, final int from, final int end)
    {
        int i = from;
        while (i < end && json[i] >= '0' && json[i] <= '9')
        {
            i++;
        }
        return i;
    }
}
