package io.ringest.clickhouse.encode;

import io.ringest.clickhouse.encode.ClickHouseType.Kind;
import io.ringest.engine.RowBuffer;

/**
 * Writes {@code Date} (UInt16 days since 1970-01-01, up to 2149-06-06) and {@code Date32} (Int32 days, 1900-01-01 to
 * 2299-12-31) from a {@code "YYYY-MM-DD"} string or an integer day number; a date outside the type's range, or one
 * that does not exist, is refused rather than clamped. One instance per encoder thread.
 */
final class DateWriter
{
    private final JsonStringDecoder strings;
    private final JsonNumbers numbers;

    DateWriter(final JsonStringDecoder strings, final JsonNumbers numbers)
    {
        this.strings = strings;
        this.numbers = numbers;
    }

    /** Writes the value; null if written, else why not. */
    String write(final ClickHouseType type, final byte[] json, final int start, final int end, final RowBuffer out)
    {
        final long days;
        if (json[start] == '"')
        {
            final int length = strings.decode(json, start + 1, end - 1);
            if (length < 0)
            {
                return strings.error();
            }
            days = length == 10 ? daysOf(strings.scratch()) : Long.MIN_VALUE;
            if (days == Long.MIN_VALUE)
            {
                return "expected a YYYY-MM-DD date for " + type.displayName() + ", found " + JsonValueText.excerpt(json, start, end);
            }
        }
        else if (JsonNumbers.isInteger(json, start, end) && numbers.parseInteger(json, start, end)
            && Long.compareUnsigned(numbers.magnitude(), Integer.MAX_VALUE) <= 0)
        {
            days = numbers.value();
        }
        else
        {
            return JsonNumbers.isInteger(json, start, end)
                ? JsonValueText.excerpt(json, start, end) + " out of range for " + type.displayName()
                : JsonValueText.mismatch("a YYYY-MM-DD string or a day number", type, json, start, end);
        }
        final Kind kind = type.kind();
        if (days < kind.min || days > kind.max)
        {
            return JsonValueText.excerpt(json, start, end) + " out of range for " + type.displayName()
                + (kind == Kind.DATE ? " (1970-01-01 to 2149-06-06)" : " (1900-01-01 to 2299-12-31)");
        }
        if (kind == Kind.DATE)
        {
            out.writeShortLE((int)days);
        }
        else
        {
            out.writeIntLE((int)days);
        }
        return null;
    }

    /** Days since 1970-01-01 of {@code YYYY-MM-DD} in {@code text[0..10)}, or Long.MIN_VALUE if it is not a date. */
    private static long daysOf(final byte[] text)
    {
        final int year = digits(text, 0, 4);
        final int month = digits(text, 5, 2);
        final int day = digits(text, 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || text[4] != '-' || text[7] != '-'
            || day > CivilDate.daysInMonth(year, month))
        {
            return Long.MIN_VALUE;
        }
        return CivilDate.daysFromEpoch(year, month, day);
    }

    private static int digits(final byte[] text, final int at, final int count)
    {
        int value = 0;
        for (int i = at; i < at + count; i++)
        {
            if (text[i] < '0' || text[i] > '9')
            {
                return -1;
            }
            value = value * 10 + text[i] - '0';
        }
        return value;
    }
}
