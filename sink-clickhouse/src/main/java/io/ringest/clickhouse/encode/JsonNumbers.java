package io.ringest.clickhouse.encode;

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
     * as {@link Double#parseDouble} rounds it, bit for bit; infinite if it overflows. A plain decimal of up to 15
     * digits takes Clinger's exact path: its digits and the power of ten are both exact doubles, so one IEEE division
     * rounds correctly. Anything else goes to FastDoubleParser, which reads the byte range in place.
     */
    double parseDouble(final byte[] json, final int start, final int end)
    {
        final int scale = plainDecimal(json, start, end, 15);
        if (scale >= 0)
        {
            final double magnitude = (double)plainDigits / DOUBLE_POWERS[scale];
            return json[start] == '-' ? -magnitude : magnitude;
        }
        return JsonDoubleParser.parseDouble(json, start, end - start);
    }

    /**
     * The float nearest to the JSON number {@code json[start..end)}, as {@link Float#parseFloat} rounds it (directly,
     * not through a double, which would round twice); infinite if it overflows. Plain decimals of up to 7 digits take
     * the same exact path in floats.
     */
    float parseFloat(final byte[] json, final int start, final int end)
    {
        final int scale = plainDecimal(json, start, end, 7);
        if (scale >= 0 && scale < FLOAT_POWERS.length)
        {
            final float magnitude = (float)plainDigits / FLOAT_POWERS[scale];
            return json[start] == '-' ? -magnitude : magnitude;
        }
        return JavaFloatParser.parseFloat(json, start, end - start);
    }

    /** 10^0 .. 10^22, each exactly a double. */
    private static final double[] DOUBLE_POWERS = new double[23];
    /** 10^0 .. 10^10, each exactly a float. */
    private static final float[] FLOAT_POWERS = new float[11];

    static
    {
        for (int i = 0; i < DOUBLE_POWERS.length; i++)
        {
            DOUBLE_POWERS[i] = Double.parseDouble("1e" + i);
        }
        for (int i = 0; i < FLOAT_POWERS.length; i++)
        {
            FLOAT_POWERS[i] = Float.parseFloat("1e" + i);
        }
    }

    /** The digits of the last {@link #plainDecimal}, as an integer. */
    private long plainDigits;

    /**
     * If {@code json[start..end)} is {@code -?digits(.digits)?} with at most {@code maxDigits} digits in all, leaves
     * them in {@link #plainDigits} and returns how many follow the point; else -1.
     */
    private int plainDecimal(final byte[] json, final int start, final int end, final int maxDigits)
    {
        long digits = 0;
        int count = 0;
        int scale = -1;
        for (int i = json[start] == '-' ? start + 1 : start; i < end; i++)
        {
            final byte b = json[i];
            if (b == '.')
            {
                scale = 0;
            }
            else if (b >= '0' && b <= '9' && count < maxDigits)
            {
                digits = digits * 10 + (b - '0');
                count++;
                scale += scale >= 0 ? 1 : 0;
            }
            else
            {
                return -1;
            }
        }
        plainDigits = digits;
        return Math.max(scale, 0);
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
