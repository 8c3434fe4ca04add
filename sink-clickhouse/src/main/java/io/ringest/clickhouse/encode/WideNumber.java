package io.ringest.clickhouse.encode;

import io.ringest.engine.RowBuffer;

import java.util.Arrays;

/**
 * A signed integer of up to 256 bits read from the decimal digits of a JSON number, kept as a sign and four 64-bit
 * words of magnitude, and written as little-endian two's complement of 4, 8, 16 or 32 bytes. Reading scales by a power
 * of ten, so {@code 1.5e3} at scale 2 is 150000; digits below the scale are dropped (truncation toward zero). One
 * instance per encoder thread; nothing is allocated per value.
 */
final class WideNumber
{
    private static final int MAX_EXPONENT = 1_000_000;

    private final long[] words = new long[4];
    private boolean negative;

    /**
     * Reads the JSON number {@code json[start..end)} (already checked with {@link JsonNumbers#isNumber}) times
     * 10^{@code scale}, truncated toward zero; false if that has more than {@code maxDigits} digits or 256 bits.
     */
    boolean read(final byte[] json, final int start, final int end, final int scale, final int maxDigits)
    {
        negative = json[start] == '-';
        Arrays.fill(words, 0);
        final int first = negative ? start + 1 : start;
        int point = -1;
        int mantissaEnd = first;
        while (mantissaEnd < end && json[mantissaEnd] != 'e' && json[mantissaEnd] != 'E')
        {
            point = json[mantissaEnd] == '.' ? mantissaEnd : point;
            mantissaEnd++;
        }
        final int fractionDigits = point < 0 ? 0 : mantissaEnd - point - 1;
        final int mantissaDigits = mantissaEnd - first - (point < 0 ? 0 : 1);
        final long shift = (long)exponent(json, mantissaEnd, end) - fractionDigits + scale;
        long keep = Math.min(mantissaDigits, mantissaDigits + shift);
        int digits = 0;
        for (int i = first; i < mantissaEnd && keep > 0; i++)
        {
            if (json[i] == '.')
            {
                continue;
            }
            keep--;
            final int digit = json[i] - '0';
            if (digits > 0 || digit != 0)
            {
                if (++digits > maxDigits || !timesTenPlus(digit))
                {
                    return false;
                }
            }
        }
        for (long zeros = shift; zeros > 0 && digits > 0; zeros--)
        {
            if (++digits > maxDigits || !timesTenPlus(0))
            {
                return false;
            }
        }
        return true;
    }

    /** The exponent after {@code json[at]} ('e' or 'E'), 0 if there is none, clamped to ±1,000,000. */
    private static int exponent(final byte[] json, final int at, final int end)
    {
        if (at >= end)
        {
            return 0;
        }
        int i = at + 1;
        final boolean minus = json[i] == '-';
        i += json[i] == '-' || json[i] == '+' ? 1 : 0;
        int value = 0;
        for (; i < end; i++)
        {
            value = Math.min(MAX_EXPONENT, value * 10 + json[i] - '0');
        }
        return minus ? -value : value;
    }

    /** Multiplies the magnitude by ten and adds {@code digit}; false if that exceeds 256 bits. */
    private boolean timesTenPlus(final int digit)
    {
        long carry = digit;
        for (int i = 0; i < 4; i++)
        {
            final long word = words[i];
            final long low = word * 10;
            long high = Math.multiplyHigh(word, 10) + ((word >> 63) & 10);
            final long sum = low + carry;
            if (Long.compareUnsigned(sum, low) < 0)
            {
                high++;
            }
            words[i] = sum;
            carry = high;
        }
        return carry == 0;
    }

    /** Whether the number read fits a signed or unsigned integer of {@code bits} (64, 128 or 256). */
    boolean fits(final int bits, final boolean signed)
    {
        final int top = bits / 64 - 1;
        for (int i = top + 1; i < 4; i++)
        {
            if (words[i] != 0)
            {
                return false;
            }
        }
        if (!signed)
        {
            return !negative || isZero();
        }
        if (words[top] >= 0)
        {
            return true;
        }
        boolean lowZero = true;
        for (int i = 0; i < top; i++)
        {
            lowZero &= words[i] == 0;
        }
        return negative && words[top] == Long.MIN_VALUE && lowZero;
    }

    private boolean isZero()
    {
        return (words[0] | words[1] | words[2] | words[3]) == 0;
    }

    /** Writes the number read as {@code width} bytes (4, 8, 16 or 32) of little-endian two's complement. */
    void write(final RowBuffer out, final int width)
    {
        long carry = 1;
        for (int i = 0; i < width / 8 || i == 0; i++)
        {
            long word = words[i];
            if (negative)
            {
                word = ~word + carry;
                carry = carry == 1 && word == 0 ? 1 : 0;
            }
            if (width == 4)
            {
                out.writeIntLE((int)word);
            }
            else
            {
                out.writeLongLE(word);
            }
        }
    }
}
