package io.ringest.clickhouse.encode;

import io.ringest.clickhouse.encode.ClickHouseType.Kind;
import io.ringest.engine.RowBuffer;

/**
 * Writes {@code Decimal(P, S)} from a JSON number or a JSON string holding one: the exact digits scaled to S fraction
 * digits, more fraction digits truncated toward zero (as ClickHouse's JSON input does), exponents applied exactly,
 * never through a double; a value of more than P digits is refused. Also {@code Int128}, {@code UInt128},
 * {@code Int256} and {@code UInt256}, from an integer or a string holding one, exact to both ends of the range.
 * Little-endian two's complement. One instance per encoder thread.
 */
final class DecimalWriter
{
    private static final int MAX_INTEGER_DIGITS = 78;

    private final JsonStringDecoder strings;
    private final WideNumber number = new WideNumber();

    DecimalWriter(final JsonStringDecoder strings)
    {
        this.strings = strings;
    }

    /** Writes the value as the type's little-endian two's complement; null if written, else why not. */
    String write(final ClickHouseType type, final byte[] json, final int start, final int end, final RowBuffer out)
    {
        final Kind kind = type.kind();
        final boolean integer = kind == Kind.INT128 || kind == Kind.UINT128 || kind == Kind.INT256 || kind == Kind.UINT256;
        final int scale = integer ? 0 : type.scale();
        final int digits = integer ? MAX_INTEGER_DIGITS : type.param();
        final String wanted = integer ? "an integer or a string holding one" : "a number or a string holding one";
        final boolean read;
        if (json[start] == '"')
        {
            final int length = strings.decode(json, start + 1, end - 1);
            if (length < 0)
            {
                return strings.error();
            }
            if (!isLiteral(integer, strings.scratch(), 0, length))
            {
                return JsonValueText.mismatch(wanted, type, json, start, end);
            }
            read = number.read(strings.scratch(), 0, length, scale, digits);
        }
        else if (isLiteral(integer, json, start, end))
        {
            read = number.read(json, start, end, scale, digits);
        }
        else
        {
            return JsonValueText.mismatch(wanted, type, json, start, end);
        }
        if (!read || integer && !number.fits(kind.width * 8, kind == Kind.INT128 || kind == Kind.INT256))
        {
            return JsonValueText.excerpt(json, start, end) + " out of range for " + type.displayName();
        }
        number.write(out, kind.width);
        return null;
    }

    private static boolean isLiteral(final boolean integer, final byte[] json, final int start, final int end)
    {
        return integer ? JsonNumbers.isInteger(json, start, end) : JsonNumbers.isNumber(json, start, end);
    }
}
