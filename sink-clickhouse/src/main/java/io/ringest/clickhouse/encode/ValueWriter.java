package io.ringest.clickhouse.encode;

import io.ringest.clickhouse.encode.ClickHouseType.Kind;
import io.ringest.engine.RowBuffer;

import java.util.Arrays;

/**
 * Writes one JSON value (a byte range of the input) as the RowBinary encoding of a column type, without the Nullable
 * or default markers. Returns null on success or the reason it cannot, built only then; the caller truncates the row.
 * One instance per encoder thread: it owns the scratch state of the string, number and timestamp readers.
 */
final class ValueWriter
{
    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private final JsonStringDecoder strings = new JsonStringDecoder();
    private final JsonNumbers numbers = new JsonNumbers();
    private final TimestampParser timestamps = new TimestampParser();
    private final JsonElementsStack walks = new JsonElementsStack();
    private final TupleWriter tuples = new TupleWriter(this, strings, walks);
    private final DateWriter dates = new DateWriter(strings, numbers);
    private final UuidWriter uuids = new UuidWriter(strings);
    private final IpWriter ips = new IpWriter(strings);
    private final EnumWriter enums = new EnumWriter(strings, numbers);
    private final DecimalWriter decimals = new DecimalWriter(strings);
    private final EncodeConfig config;

    ValueWriter(final EncodeConfig config)
    {
        this.config = config;
        this.timestamps.zone(config.timezone());
    }

    /**
     * Writes {@code json[start..end)}, a non-null JSON value; null if written, else why not. {@code plain} says the
     * value is a string without escapes or non-ASCII bytes (see {@link JsonFieldIndex#plain}), copied as it is.
     */
    String write(
        final ClickHouseType type, final byte[] json, final int start, final int end, final boolean plain,
        final RowBuffer out)
    {
        // Kept small enough for the JIT to inline into the encoder's loop: the kinds of a typical log table here,
        // quoted numbers and the other kinds in writeOther.
        final Kind kind = type.kind();
        switch (kind)
        {
            case STRING:
                return writeString(json, start, end, plain, out);
            case FIXED_STRING:
                return json[start] == '"'
                    ? writeFixedString(type.param(), json, start, end, plain, out)
                    : JsonValueText.mismatch("a string", type, json, start, end);
            case DATETIME:
            case DATETIME64:
                return writeTimestamp(type, json, start, end, plain, out);
            default:
                return json[start] == '"' || !kind.isScalarNumber()
                    ? writeOther(type, json, start, end, plain, out)
                    : kind.isInteger() ? writeInteger(type, json, start, end, out) : writeFloat(type, json, start, end, out);
        }
    }

    /** Every kind but the strings and timestamps, and a number in quotes. */
    private String writeOther(
        final ClickHouseType type, final byte[] json, final int start, final int end, final boolean plain,
        final RowBuffer out)
    {
        final Kind kind = type.kind();
        final byte first = json[start];
        if (first == '"' && plain && config.quotedNumbers() && kind.isScalarNumber() && end - start > 2)
        {
            return write(type, json, start + 1, end - 1, false, out);
        }
        switch (kind)
        {
            case FLOAT32:
            case FLOAT64:
                return writeFloat(type, json, start, end, out);
            case BOOL:
                return writeBool(type, json, start, end, out);
            case ARRAY:
                return first == '['
                    ? writeArray(type.args().get(0), json, start, end, out)
                    : JsonValueText.mismatch("an array", type, json, start, end);
            case MAP:
                return first == '{'
                    ? writeMap(type.args().get(1), json, start, end, out)
                    : JsonValueText.mismatch("an object", type, json, start, end);
            case TUPLE:
                return tuples.write(type, json, start, end, out);
            case JSON:
                return first == '{'
                    ? writeString(json, start, end, false, out)
                    : JsonValueText.mismatch("an object", type, json, start, end);
            case DATE, DATE32:
                return dates.write(type, json, start, end, out);
            case UUID:
                return uuids.write(type, json, start, end, out);
            case IPV4, IPV6:
                return ips.write(type, json, start, end, out);
            case ENUM8, ENUM16:
                return enums.write(type, json, start, end, out);
            case DECIMAL32, DECIMAL64, DECIMAL128, DECIMAL256, INT128, UINT128, INT256, UINT256:
                return decimals.write(type, json, start, end, out);
            default:
                return writeInteger(type, json, start, end, out);
        }
    }

    /** {@code true} or {@code false}; also {@code 0} or {@code 1} with {@code encode.lenient.numeric.booleans}. */
    private String writeBool(final ClickHouseType type, final byte[] json, final int start, final int end, final RowBuffer out)
    {
        final byte first = json[start];
        if (first == 't' || first == 'f')
        {
            out.writeByte(first == 't' ? 1 : 0);
            return null;
        }
        if (config.numericBooleans() && end - start == 1 && (first == '0' || first == '1'))
        {
            out.writeByte(first - '0');
            return null;
        }
        return JsonValueText.mismatch(config.numericBooleans() ? "true, false, 0 or 1" : "true or false", type, json,
            start, end);
    }

    /**
     * Writes the type's zero value: 0, an empty string, N zero bytes of a FixedString(N), or the epoch; for Date32 and
     * enums ClickHouse's own default of the type, 1900-01-01 and the smallest value; each element's zero for a Tuple,
     * and <code>{}</code> for JSON.
     */
    void writeZero(final ClickHouseType type, final RowBuffer out)
    {
        switch (type.kind())
        {
            case STRING, ARRAY, MAP -> out.writeByte(0);
            case TUPLE -> tuples.writeZero(type, out);
            case JSON -> writeString(EMPTY_OBJECT, 0, EMPTY_OBJECT.length, false, out);
            case FIXED_STRING -> writeZeros(out, type.param());
            case DATE32 -> out.writeIntLE((int)Kind.DATE32.min);
            case ENUM8, ENUM16 -> EnumWriter.writeValue(type, type.names().smallest(), out);
            default -> writeZeros(out, type.kind().width);
        }
    }

    /** {@code Array(T)}: the element count, then each element as T; a null element of a non-Nullable T is T's zero. */
    private String writeArray(final ClickHouseType element, final byte[] json, final int start, final int end, final RowBuffer out)
    {
        final JsonElements elements = walks.open(json, start, end);
        try
        {
            final int count = out.reserveVarInt();
            for (int i = 0; elements.next(); i++)
            {
                final String problem = writeElement(element, json, elements.start(), elements.end(), elements.plain(), out);
                if (problem != null)
                {
                    return "element " + i + ": " + problem;
                }
            }
            out.putVarInt(count, elements.count());
            return elements.error();
        }
        finally
        {
            walks.close();
        }
    }

    /** {@code Map(String, V)}: the member count, then each key as a String and its value as V. */
    private String writeMap(final ClickHouseType value, final byte[] json, final int start, final int end, final RowBuffer out)
    {
        final JsonElements elements = walks.open(json, start, end);
        try
        {
            final int count = out.reserveVarInt();
            while (elements.nextMember())
            {
                final int keyStart = elements.keyStart();
                final int keyEnd = elements.keyEnd();
                String problem = writeString(json, keyStart - 1, keyEnd + 1, elements.keyPlain(), out);
                if (problem == null)
                {
                    problem = writeElement(value, json, elements.start(), elements.end(), elements.plain(), out);
                }
                if (problem != null)
                {
                    return "key " + JsonValueText.excerpt(json, keyStart - 1, keyEnd + 1) + ": " + problem;
                }
            }
            out.putVarInt(count, elements.count());
            return elements.error();
        }
        finally
        {
            walks.close();
        }
    }

    /**
     * Writes an element of an Array, Map or Tuple, {@code json[start..end)}: the Nullable marker if T is Nullable, then
     * the value; a null of a non-Nullable T is T's zero.
     */
    String writeElement(
        final ClickHouseType type, final byte[] json, final int start, final int end, final boolean plain,
        final RowBuffer out)
    {
        final boolean isNull = json[start] == 'n';
        if (type.nullable())
        {
            out.writeByte(isNull ? 1 : 0);
        }
        if (isNull)
        {
            if (!type.nullable())
            {
                writeZero(type, out);
            }
            return null;
        }
        return write(type, json, start, end, plain, out);
    }

    /** A String: a string's decoded UTF-8 ({@code plain}: copied as it is), any other value's JSON text. */
    String writeString(final byte[] json, final int start, final int end, final boolean plain, final RowBuffer out)
    {
        if (plain)
        {
            out.writeVarInt(end - start - 2);
            out.writeBytes(json, start + 1, end - start - 2);
            return null;
        }
        if (json[start] != '"')
        {
            if (!strings.isValidUtf8(json, start, end))
            {
                return strings.error();
            }
            out.writeVarInt(end - start);
            out.writeBytes(json, start, end - start);
            return null;
        }
        // Decoded straight into the row after room for the longest length prefix it can need; moved if it needs less.
        final int most = end - start - 2;
        final int room = RowBuffer.varIntSize(most);
        final int at = out.reserve(room + most);
        final int length = strings.decode(json, start + 1, end - 1, out.array(), at + room);
        if (length < 0)
        {
            return strings.error();
        }
        final int prefix = RowBuffer.varIntSize(length);
        if (prefix != room)
        {
            System.arraycopy(out.array(), at + room, out.array(), at + prefix, length);
        }
        out.writeVarInt(length);
        out.advance(length);
        return null;
    }

    private String writeFixedString(
        final int n, final byte[] json, final int start, final int end, final boolean plain, final RowBuffer out)
    {
        final int length = plain ? end - start - 2 : strings.decode(json, start + 1, end - 1);
        if (length < 0)
        {
            return strings.error();
        }
        if (length > n)
        {
            return length + " bytes do not fit FixedString(" + n + ")";
        }
        if (plain)
        {
            out.writeBytes(json, start + 1, length);
        }
        else
        {
            out.writeBytes(strings.scratch(), 0, length);
        }
        writeZeros(out, n - length);
        return null;
    }

    private String writeInteger(final ClickHouseType type, final byte[] json, final int start, final int end, final RowBuffer out)
    {
        if (!JsonNumbers.isNumber(json, start, end))
        {
            return JsonValueText.mismatch("an integer", type, json, start, end);
        }
        if (!numbers.parseInteger(json, start, end))
        {
            return isPlainInteger(json, start, end)
                ? JsonValueText.excerpt(json, start, end) + " out of range for " + type.displayName()
                : JsonValueText.mismatch("an integer", type, json, start, end);
        }
        if (!numbers.fits(type.kind()))
        {
            return JsonValueText.excerpt(json, start, end) + " out of range for " + type.displayName();
        }
        writeLittleEndian(out, numbers.value(), type.kind().width);
        return null;
    }

    /** A number beyond the type's largest finite value is refused, not stored as infinity. */
    private String writeFloat(final ClickHouseType type, final byte[] json, final int start, final int end, final RowBuffer out)
    {
        if (!JsonNumbers.isNumber(json, start, end))
        {
            return JsonValueText.mismatch("a number", type, json, start, end);
        }
        if (type.kind() == Kind.FLOAT32)
        {
            final float value = numbers.parseFloat(json, start, end);
            if (Float.isInfinite(value))
            {
                return JsonValueText.excerpt(json, start, end) + " out of range for Float32";
            }
            out.writeFloatLE(value);
            return null;
        }
        final double value = numbers.parseDouble(json, start, end);
        if (Double.isInfinite(value))
        {
            return JsonValueText.excerpt(json, start, end) + " out of range for Float64";
        }
        out.writeDoubleLE(value);
        return null;
    }

    private String writeTimestamp(
        final ClickHouseType type, final byte[] json, final int start, final int end, final boolean plain,
        final RowBuffer out)
    {
        final boolean parsed;
        if (json[start] == '"' && plain)
        {
            parsed = timestamps.parseRfc3339(json, start + 1, end - 1);
        }
        else if (json[start] == '"')
        {
            final int length = strings.decode(json, start + 1, end - 1);
            if (length < 0)
            {
                return strings.error();
            }
            parsed = timestamps.parseRfc3339(strings.scratch(), 0, length);
        }
        else if (JsonNumbers.isNumber(json, start, end))
        {
            parsed = timestamps.parseEpoch(json, start, end, config.epochUnit());
        }
        else
        {
            return JsonValueText.mismatch("an RFC 3339 string or an epoch number", type, json, start, end);
        }
        if (!parsed)
        {
            return timestamps.error() + ", found " + JsonValueText.excerpt(json, start, end);
        }
        if (type.kind() == Kind.DATETIME)
        {
            final long seconds = timestamps.toDateTime();
            if (seconds < 0)
            {
                return JsonValueText.excerpt(json, start, end) + " " + timestamps.error();
            }
            out.writeIntLE((int)seconds);
            return null;
        }
        if (!timestamps.toDateTime64(type.param()))
        {
            return JsonValueText.excerpt(json, start, end) + " " + timestamps.error();
        }
        out.writeLongLE(timestamps.ticks());
        return null;
    }

    private static boolean isPlainInteger(final byte[] json, final int start, final int end)
    {
        for (int i = start; i < end; i++)
        {
            if (json[i] == '.' || json[i] == 'e' || json[i] == 'E')
            {
                return false;
            }
        }
        return true;
    }

    /** Writes an instant in epoch milliseconds as a DateTime (seconds, floored), DateTime64(P) or integer column. */
    void writeEpochMillis(final ClickHouseType type, final long millis, final RowBuffer out)
    {
        switch (type.kind())
        {
            case DATETIME -> out.writeIntLE((int)Math.floorDiv(millis, 1000L));
            case DATETIME64 -> out.writeLongLE(type.param() >= 3
                ? millis * TimestampParser.POW10[type.param() - 3] : Math.floorDiv(millis, TimestampParser.POW10[3 - type.param()]));
            default -> out.writeLongLE(millis);
        }
    }

    /** Writes {@code value} as the integer column type's little-endian bytes; the caller knows it fits. */
    void writeInteger(final ClickHouseType type, final long value, final RowBuffer out)
    {
        writeLittleEndian(out, value, type.kind().width);
    }

    private static void writeLittleEndian(final RowBuffer out, final long value, final int width)
    {
        switch (width)
        {
            case 1 -> out.writeByte((int)value);
            case 2 -> out.writeShortLE((int)value);
            case 4 -> out.writeIntLE((int)value);
            default -> out.writeLongLE(value);
        }
    }

    private static void writeZeros(final RowBuffer out, final int count)
    {
        final int at = out.reserve(count);
        Arrays.fill(out.array(), at, at + count, (byte)0);
        out.advance(count);
    }
}
