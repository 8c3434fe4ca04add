package io.ringest.clickhouse.encode;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Parses RFC 3339 timestamps and numeric epochs from JSON bytes into an epoch second and a nanosecond, with plain
 * arithmetic (days from civil) and no objects per call, then scales them to DateTime or DateTime64(P) ticks.
 * Accepts {@code YYYY-MM-DD(T|t|space)hh:mm:ss[.f{1,9}](Z|z|±hh:mm)?}, a missing offset read in {@code encode.timezone};
 * fraction digits beyond P are truncated.
 * One instance per encoder thread: results and the error are kept in fields until the next call.
 */
public final class TimestampParser
{
    static final long MAX_DATETIME = 0xFFFF_FFFFL;
    static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L};

    /** What {@link #parseOffset} returns for a timestamp without an offset: it is read in {@link #zone}. */
    private static final int IN_ZONE = Integer.MAX_VALUE;

    private ZoneId zone = ZoneOffset.UTC;
    private int fixedOffset;
    private boolean fixed = true;
    private long epochSecond;
    private int nano;
    private long ticks;
    private String error;

    public long epochSecond()
    {
        return epochSecond;
    }

    /** Nanoseconds within {@link #epochSecond()}, 0..999,999,999 (also for instants before 1970). */
    public int nano()
    {
        return nano;
    }

    /** The result of the last successful {@link #toDateTime64}. */
    public long ticks()
    {
        return ticks;
    }

    /** Why the last parse or conversion failed; a constant, never built per call. */
    public String error()
    {
        return error;
    }

    /** Sets the zone of timestamps written without an offset ({@code encode.timezone}); UTC until set. */
    void zone(final ZoneId zoneId)
    {
        zone = zoneId;
        fixed = zoneId.getRules().isFixedOffset();
        fixedOffset = fixed ? zoneId.getRules().getOffset(Instant.EPOCH).getTotalSeconds() : 0;
    }

    /** The offset of {@link #zone} at the local time {@code local} (seconds since 1970 as if UTC); the earlier one in an overlap. */
    private int zoneOffset(final long local)
    {
        return fixed ? fixedOffset
            : zone.getRules().getOffset(LocalDateTime.ofEpochSecond(local, 0, ZoneOffset.UTC)).getTotalSeconds();
    }

    /**
     * Parses {@code bytes[start..end)} as an RFC 3339 timestamp, or one without an offset, read in the zone set by
     * {@link #zone}; false with {@link #error()} if it is neither.
     */
    public boolean parseRfc3339(final byte[] bytes, final int start, final int end)
    {
        if (end - start < 19)
        {
            return fail("not an RFC 3339 timestamp (too short)");
        }
        final long fields = Rfc3339Fields.read(bytes, start);
        if (fields < 0)
        {
            return fail("not an RFC 3339 timestamp (expected YYYY-MM-DDThh:mm:ss)");
        }
        final int year = Rfc3339Fields.year(fields);
        final int month = Rfc3339Fields.month(fields);
        final int day = Rfc3339Fields.day(fields);
        final int hour = Rfc3339Fields.hour(fields);
        final int minute = Rfc3339Fields.minute(fields);
        final int second = Rfc3339Fields.second(fields);
        if (month < 1 || month > 12 || day < 1 || day > CivilDate.daysInMonth(year, month))
        {
            return fail("not an RFC 3339 timestamp (no such date)");
        }
        if (hour > 23 || minute > 59 || second > 59)
        {
            return fail("not an RFC 3339 timestamp (no such time of day)");
        }
        int i = start + 19;
        int fraction = 0;
        if (i < end && bytes[i] == '.')
        {
            final int first = ++i;
            final int eight = i + Long.BYTES <= end ? Rfc3339Fields.eightDigits(bytes, i) : -1;
            if (eight >= 0)
            {
                fraction = eight;
                i += Long.BYTES;
            }
            while (i < end && isDigit(bytes[i]))
            {
                if (i - first == 9)
                {
                    return fail("not an RFC 3339 timestamp (more than 9 fraction digits)");
                }
                fraction = fraction * 10 + bytes[i++] - '0';
            }
            if (i == first)
            {
                return fail("not an RFC 3339 timestamp (no digits after '.')");
            }
            fraction *= (int)POW10[9 - (i - first)];
        }
        final int offsetSeconds = parseOffset(bytes, i, end);
        if (offsetSeconds == Integer.MIN_VALUE)
        {
            return false;
        }
        final long local = CivilDate.daysFromEpoch(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
        epochSecond = local - (offsetSeconds == IN_ZONE ? zoneOffset(local) : offsetSeconds);
        nano = fraction;
        return true;
    }

    private int parseOffset(final byte[] bytes, final int i, final int end)
    {
        if (i == end)
        {
            return IN_ZONE;
        }
        final byte sign = bytes[i];
        if ((sign == 'Z' || sign == 'z') && i + 1 == end)
        {
            return 0;
        }
        final int hours = i + 6 == end ? digits(bytes, i + 1, 2) : -1;
        final int minutes = i + 6 == end ? digits(bytes, i + 4, 2) : -1;
        if ((sign != '+' && sign != '-') || hours < 0 || minutes < 0 || bytes[i + 3] != ':' || hours > 23 || minutes > 59)
        {
            fail("not an RFC 3339 timestamp (expected Z or ±hh:mm after the time)");
            return Integer.MIN_VALUE;
        }
        final int seconds = hours * 3_600 + minutes * 60;
        return sign == '-' ? -seconds : seconds;
    }

    /**
     * Parses {@code bytes[start..end)} as a JSON number counting {@code unit}s since 1970, with an optional fraction;
     * the instant is floored to the nanosecond (toward the past, for negative numbers too). The integer part must fit
     * a long; exponents are not accepted.
     */
    public boolean parseEpoch(final byte[] bytes, final int start, final int end, final EpochUnit unit)
    {
        int i = start;
        final boolean negative = i < end && bytes[i] == '-';
        if (negative)
        {
            i++;
        }
        final int firstDigit = i;
        long magnitude = 0;
        while (i < end && isDigit(bytes[i]))
        {
            if (magnitude > (Long.MAX_VALUE - (bytes[i] - '0')) / 10)
            {
                return fail("epoch number out of range");
            }
            magnitude = magnitude * 10 + bytes[i++] - '0';
        }
        if (i == firstDigit || (bytes[firstDigit] == '0' && i - firstDigit > 1))
        {
            return fail("not an epoch number");
        }
        long fraction = 0;  // the first nine fraction digits, in billionths of a unit
        boolean inexact = false;  // a nonzero digit after them
        if (i < end && bytes[i] == '.')
        {
            final int first = ++i;
            while (i < end && isDigit(bytes[i]))
            {
                if (i - first < 9)
                {
                    fraction = fraction * 10 + bytes[i] - '0';
                }
                else
                {
                    inexact |= bytes[i] != '0';
                }
                i++;
            }
            if (i == first)
            {
                return fail("not an epoch number");
            }
            fraction *= POW10[9 - Math.min(9, i - first)];
        }
        if (i != end)
        {
            return fail("not an epoch number (only digits and an optional fraction are accepted)");
        }
        final long nanosPerUnit = unit.nanosPerUnit();
        final long unitsPerSecond = 1_000_000_000L / nanosPerUnit;
        final long fractionNanos = fraction * nanosPerUnit;  // in billionths of a nanosecond, below 10^18
        long seconds = magnitude / unitsPerSecond;
        long nanos = (magnitude % unitsPerSecond) * nanosPerUnit + fractionNanos / 1_000_000_000L;
        if (negative)
        {
            if (inexact || fractionNanos % 1_000_000_000L != 0)
            {
                nanos++;  // the magnitude was cut below a nanosecond: the instant lies in the nanosecond before
            }
            seconds = nanos == 0 ? -seconds : -seconds - 1;
            nanos = nanos == 0 ? 0 : 1_000_000_000L - nanos;
        }
        epochSecond = seconds;
        nano = (int)nanos;
        return true;
    }

    /** The parsed instant as a DateTime (UInt32 seconds), or -1 with {@link #error()} if outside 1970..2106. */
    public long toDateTime()
    {
        if (epochSecond < 0 || epochSecond > MAX_DATETIME)
        {
            fail("out of range for DateTime (1970-01-01..2106-02-07)");
            return -1;
        }
        return epochSecond;
    }

    /** Scales the parsed instant to {@link #ticks()} of 10^-precision s; false with {@link #error()} if Int64 overflows. */
    public boolean toDateTime64(final int precision)
    {
        final long scale = POW10[precision];
        final long fraction = nano / POW10[9 - precision];
        final boolean borrow = epochSecond < 0 && fraction > 0;
        final long seconds = borrow ? epochSecond + 1 : epochSecond;
        final long adjust = borrow ? fraction - scale : fraction;
        final long high = Math.multiplyHigh(seconds, scale);
        final long low = seconds * scale;
        final long sum = low + adjust;
        if (high != (low >> 63) || (adjust > 0 && sum < low) || (adjust < 0 && sum > low))
        {
            return fail("out of range for DateTime64(" + precision + ")");
        }
        ticks = sum;
        return true;
    }

    private static int digits(final byte[] bytes, final int at, final int count)
    {
        int value = 0;
        for (int i = at; i < at + count; i++)
        {
            if (!isDigit(bytes[i]))
            {
                return -1;
            }
            value = value * 10 + bytes[i] - '0';
        }
        return value;
    }

    private static boolean isDigit(final byte b)
    {
        return b >= '0' && b <= '9';
    }

    private boolean fail(final String reason)
    {
        error = reason;
        return false;
    }
}
