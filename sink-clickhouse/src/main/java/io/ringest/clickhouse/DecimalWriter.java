package io.ringest.clickhouse;

import io.ringest.engine.RowBuffer;

/**
 * Writes {@code Decimal(P, S)} from a JSON number or a JSON string holding one: the exact digits scaled to S fraction
 * digits, more fraction digits truncated toward zero (as ClickHouse's JSON input does), exponents applied exactly,
 * never through a double; a value of more than P digits is refused. One instance per encoder thread.
 */
final class DecimalWriter
{
    private final JsonStringDecoder strings;
    private final WideNumber number = new WideNumber();

    DecimalWriter(final JsonStringDecoder strings)
    {
        this.strings = strings;
    }

    /** Writes the value as the type's little-endian two's complement; null if written, else why not. */
    String write(final ClickHouseType type, final byte[] json, final int start, final int end, final RowBuffer out)
    {
        final boolean read;
        if (json[start] == '"')
        {
            final int length = strings.decode(json, start + 1, end - 1);
            if (length < 0)
            {
                return strings.error();
            }
            if (!JsonNumbers.isNumber(strings.scratch(), 0, length))
            {
                return JsonValueText.mismatch("a number or a string holding one", type, json, start, end);
            }
            read = number.read(strings.scratch(), 0, length, type.scale(), type.param());
        }
        else if (JsonNumbers.isNumber(json, start, end))
        {
            read = number.read(json, start, end, type.scale(), type.param());
        }
        else
        {
            return JsonValueText.mismatch("a number or a string holding one", type, json, start, end);
        }
        if (!read)
        {
            return JsonValueText.excerpt(json, start, end) + " out of range for " + type.displayName();
        }
        number.write(out, type.kind().width);
        return null;
    }
}
