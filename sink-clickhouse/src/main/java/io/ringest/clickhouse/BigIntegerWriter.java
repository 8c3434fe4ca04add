package io.ringest.clickhouse;

import io.ringest.clickhouse.ClickHouseType.Kind;
import io.ringest.engine.RowBuffer;

/**
 * Writes {@code Int128}, {@code UInt128}, {@code Int256} and {@code UInt256} from a JSON integer or a JSON string
 * holding one ({@code -?(0|[1-9][0-9]*)}), exact to both ends of the range, as little-endian two's complement.
 * One instance per encoder thread.
 */
final class BigIntegerWriter
{
    private static final int MAX_DIGITS = 78;

    private final JsonStringDecoder strings;
    private final WideNumber number = new WideNumber();

    BigIntegerWriter(final JsonStringDecoder strings)
    {
        this.strings = strings;
    }

    /** Writes the value; null if written, else why not. */
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
            if (!JsonNumbers.isInteger(strings.scratch(), 0, length))
            {
                return JsonValueText.mismatch("an integer or a string holding one", type, json, start, end);
            }
            read = number.read(strings.scratch(), 0, length, 0, MAX_DIGITS);
        }
        else if (JsonNumbers.isInteger(json, start, end))
        {
            read = number.read(json, start, end, 0, MAX_DIGITS);
        }
        else
        {
            return JsonValueText.mismatch("an integer or a string holding one", type, json, start, end);
        }
        final Kind kind = type.kind();
        if (!read || !number.fits(kind.width * 8, kind == Kind.INT128 || kind == Kind.INT256))
        {
            return JsonValueText.excerpt(json, start, end) + " out of range for " + type.displayName();
        }
        number.write(out, kind.width);
        return null;
    }
}
