package io.ringest.clickhouse.encode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads the fixed-width start of an RFC 3339 timestamp, {@code YYYY-MM-DD(T|t|space)hh:mm:ss}, as two longs and checks
 * every digit and separator of each long at once (SWAR), instead of nineteen byte tests:
 * <pre>
 *   byte    0 1 2 3 4 5 6 7 | 8 9 10 11 12 13 14 15 | 16 17 18
 *           Y Y Y Y - M M - | D D T  h  h  :  m  m  | :  s  s
 * </pre>
 * A byte is a digit when its high nibble is 3 and adding 6 leaves it 3 (0x30..0x39); no byte of an accepted
 * timestamp can carry into its neighbour.
 */
final class Rfc3339Fields
{
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_NIBBLES = 0xF0F0F0F0F0F0F0F0L;
    private static final long ZEROS = 0x3030303030303030L;
    private static final long SIXES = 0x0606060606060606L;
    private static final long DATE_DIGITS = 0x00FF_FF00_FFFF_FFFFL;
    private static final long DATE_DASHES = 0x2D00_002D_0000_0000L;
    private static final long TIME_DIGITS = 0xFFFF_00FF_FF00_FFFFL;
    private static final long TIME_COLON_MASK = 0x0000_FF00_0000_0000L;
    private static final long TIME_COLON = 0x0000_3A00_0000_0000L;

    private Rfc3339Fields()
    {
    }

    /**
     * The fields of {@code bytes[at..at+19)} packed seven bits each (any two digits fit), the year above them, not
     * range-checked; or -1 if those bytes do not have the shape above. The caller ensures 19 bytes.
     */
    static long read(final byte[] bytes, final int at)
    {
        final long date = (long)LONG.get(bytes, at);
        final long time = (long)LONG.get(bytes, at + 8);
        final byte separator = bytes[at + 10];
        if (!digits(date, DATE_DIGITS) || (date & ~DATE_DIGITS) != DATE_DASHES || !digits(time, TIME_DIGITS)
            || (time & TIME_COLON_MASK) != TIME_COLON || bytes[at + 16] != ':' || !isDigit(bytes[at + 17])
            || !isDigit(bytes[at + 18]) || (separator != 'T' && separator != 't' && separator != ' '))
        {
            return -1;
        }
        final long year = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
        final long month = digit(date, 5) * 10 + digit(date, 6);
        final long day = digit(time, 0) * 10 + digit(time, 1);
        final long hour = digit(time, 3) * 10 + digit(time, 4);
        final long minute = digit(time, 6) * 10 + digit(time, 7);
        final long second = (bytes[at + 17] - '0') * 10 + bytes[at + 18] - '0';
        return year << 35 | month << 28 | day << 21 | hour << 14 | minute << 7 | second;
    }

    /** The value of the eight digits {@code bytes[at..at+8)}, or -1 if one of them is not a digit. */
    static int eightDigits(final byte[] bytes, final int at)
    {
        final long word = (long)LONG.get(bytes, at);
        if (!digits(word, -1L))
        {
            return -1;
        }
        long value = word - ZEROS;
        value = value * 10 + (value >>> 8);
        value = ((value & 0x000000FF000000FFL) * (100 + (1_000_000L << 32))
            + (value >>> 16 & 0x000000FF000000FFL) * (1 + (10_000L << 32))) >>> 32;
        return (int)value;
    }

    static int year(final long fields)
    {
        return (int)(fields >>> 35);
    }

    static int month(final long fields)
    {
        return (int)(fields >>> 28) & 0x7F;
    }

    static int day(final long fields)
    {
        return (int)(fields >>> 21) & 0x7F;
    }

    static int hour(final long fields)
    {
        return (int)(fields >>> 14) & 0x7F;
    }

    static int minute(final long fields)
    {
        return (int)(fields >>> 7) & 0x7F;
    }

    static int second(final long fields)
    {
        return (int)fields & 0x7F;
    }

    private static boolean digits(final long word, final long lanes)
    {
        return (word & HIGH_NIBBLES & lanes) == (ZEROS & lanes) && ((word + SIXES) & HIGH_NIBBLES & lanes) == (ZEROS & lanes);
    }

    private static long digit(final long word, final int lane)
    {
        return word >>> (lane << 3) & 0xF;
    }

    private static boolean isDigit(final byte b)
    {
        return b >= '0' && b <= '9';
    }
}
