package io.ringest.clickhouse.encode;

import io.ringest.clickhouse.encode.ClickHouseType.Kind;
import io.ringest.engine.RowBuffer;

/**
 * Writes {@code Enum8} / {@code Enum16} as Int8 / Int16: a JSON string must be one of the names (its decoded UTF-8,
 * byte for byte), a JSON integer one of the values. One instance per encoder thread.
 */
final class EnumWriter
{
    private final JsonStringDecoder strings;
    private final JsonNumbers numbers;

    EnumWriter(final JsonStringDecoder strings, final JsonNumbers numbers)
    {
        this.strings = strings;
        this.numbers = numbers;
    }

    /** Writes the value; null if written, else why not. */
    String write(final ClickHouseType type, final byte[] json, final int start, final int end, final RowBuffer out)
    {
        final long value;
        if (json[start] == '"')
        {
            final int length = strings.decode(json, start + 1, end - 1);
            if (length < 0)
            {
                return strings.error();
            }
            value = type.names().valueOf(strings.scratch(), 0, length);
            if (value == EnumValues.NOT_FOUND)
            {
                return JsonValueText.excerpt(json, start, end) + " is not a name of " + type.displayName();
            }
        }
        else if (JsonNumbers.isInteger(json, start, end))
        {
            final boolean known = numbers.parseInteger(json, start, end) && numbers.fits(Kind.INT16)
                && type.names().hasValue(numbers.value());
            if (!known)
            {
                return JsonValueText.excerpt(json, start, end) + " is not a value of " + type.displayName();
            }
            value = numbers.value();
        }
        else
        {
            return JsonValueText.mismatch("a name or an integer value", type, json, start, end);
        }
        writeValue(type, value, out);
        return null;
    }

    /** Writes a value known to be in the enum. */
    static void writeValue(final ClickHouseType type, final long value, final RowBuffer out)
    {
        if (type.kind() == Kind.ENUM8)
        {
            out.writeByte((int)value);
        }
        else
        {
            out.writeShortLE((int)value);
        }
    }
}
