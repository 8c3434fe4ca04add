package io.ringest.clickhouse;

import com.dslplatform.json.DslJson;
import com.dslplatform.json.JsonReader;
import com.dslplatform.json.NumberConverter;

import java.io.IOException;

/**
 * Reads JSON numbers from byte ranges: integers exactly as a sign and an unsigned 64-bit magnitude (so UInt64 up to
 * 2^64-1 and Int64 down to -2^63 fit), floats through dsl-json's correctly rounding {@link NumberConverter}.
 * One instance per encoder thread; results stay in fields until the next call, nothing is allocated per value.
 */
final class JsonNumbers
{
    private static final DslJson<Object> DSL_JSON = new DslJson<>();

    private final JsonReader<Object> reader = DSL_JSON.newReader(new byte[0], 0);
    private final byte[] scratch = new byte[64];
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

    /** Parses a JSON number (already checked with {@link #isNumber}) as the nearest double. */
    double parseDouble(final byte[] json, final int start, final int end) throws IOException
    {
        return NumberConverter.deserializeDouble(prepare(json, start, end));
    }

    /**
     * Parses a JSON number (already checked with {@link #isNumber}) as the nearest float. Plain decimals of up to
     * seven digits, the usual case, take an exact path that allocates nothing: the digits and the power of ten are
     * both exact floats, so one IEEE division rounds correctly. Anything else goes through dsl-json.
     */
    float parseFloat(final byte[] json, final int start, final int end) throws IOException
    {
        final boolean negative = json[start] == '-';
        int mantissa = 0;
        int digits = 0;
        int fractionDigits = -1;
        for (int i = negative ? start + 1 : start; i < end; i++)
        {
            final byte b = json[i];
            if (b == '.' && fractionDigits < 0)
            {
                fractionDigits = 0;
            }
            else if (b >= '0' && b <= '9' && digits < 7)
            {
                mantissa = mantissa * 10 + (b - '0');
                digits++;
                fractionDigits += fractionDigits >= 0 ? 1 : 0;
            }
            else
            {
                return NumberConverter.deserializeFloat(prepare(json, start, end));
            }
        }
        final float magnitude = fractionDigits > 0 ? mantissa / POWERS_OF_TEN[fractionDigits] : mantissa;
        return negative ? -magnitude : magnitude;
    }

    /** 10^0 .. 10^7, each exactly representable as a float. */
    private static final float[] POWERS_OF_TEN = {1f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f};

    private JsonReader<Object> prepare(final byte[] json, final int start, final int end) throws IOException
    {
        final int length = end - start;
        if (length < scratch.length)
        {
            System.arraycopy(json, start, scratch, 0, length);
            scratch[length] = ' ';
            reader.process(scratch, length + 1);
        }
        else
        {
            reader.process(json, end);
            while (reader.getCurrentIndex() < start)
            {
                reader.read();
            }
        }
        reader.getNextToken();
        return reader;
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
