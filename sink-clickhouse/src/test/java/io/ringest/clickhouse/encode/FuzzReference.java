package io.ringest.clickhouse.encode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a record should become, worked out without any of the encoder's code: Jackson's streaming parser decodes the
 * keys and strings and hands over each number's own text, which Java's parsers read ({@code Double.parseDouble},
 * {@code Float.parseFloat}, {@code BigInteger}, {@code BigDecimal}); timestamps go through {@code java.time}.
 * Values come out rendered as {@link RowBinaryRows} renders what it decodes, so the two compare as strings.
 *
 * <p>The contract it encodes, per column type:
 * <ul>
 *   <li>a missing field, or null in a non-Nullable column, is the type's zero; null in a Nullable one is NULL;</li>
 *   <li>String takes a string's decoded text, and any other value's JSON text as it stands;</li>
 *   <li>FixedString(N) takes a string of at most N UTF-8 bytes, zero-padded;</li>
 *   <li>integers take integer literals (no fraction or exponent) in the type's range;</li>
 *   <li>Float32/Float64 take any number, as Java's parser rounds it; one that overflows to infinity is refused;</li>
 *   <li>Bool takes true and false;</li>
 *   <li>DateTime and DateTime64(P) take RFC 3339 strings and epoch numbers without exponent whose integer part fits a
 *       long; the instant is floored to the column's precision and must fit it;</li>
 *   <li>Date, Date32, UUID, IPv4, IPv6, Enum, Decimal and the 128/256-bit integers: see {@link FuzzScalarReference}.</li>
 * </ul>
 * Anything else is a failure, named by its column.
 */
public final class FuzzReference
{
    static final JsonFactory JSON = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(10_000).build()).build();
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger UINT32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);

    /** One field's value as Jackson read it: its token and its text (decoded for strings, as written otherwise). */
    record Value(JsonToken token, String text)
    {
    }

    /**
     * The expected rendered row, or a one-element list {@code FAIL <column>} naming the first column (in table order)
     * that cannot take its value. Throws if the record is not legal JSON.
     */
    public static List<String> expect(final byte[] json, final List<FuzzColumn> columns, final EpochUnit unit)
    {
        final Map<String, Value> fields = read(json);
        final List<String> row = new ArrayList<>();
        for (final FuzzColumn column : columns)
        {
            final String rendered = expectValue(column, fields.get(column.name()), unit);
            if (rendered == null)
            {
                return List.of("FAIL " + column.name());
            }
            row.add(rendered);
        }
        return row;
    }

    /** What {@code column} holds for {@code value} (null or absent if so), rendered; null if it cannot take it. */
    static String expectValue(final FuzzColumn column, final Value value, final EpochUnit unit)
    {
        return value == null || value.token == JsonToken.VALUE_NULL
            ? (column.nullable() ? "NULL" : zero(column))
            : convert(column, value, unit);
    }

    /** The value at the parser's current token: its text, or for an object or array its JSON text as written. */
    static Value valueAt(final JsonParser parser, final byte[] json, final JsonToken token) throws IOException
    {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
        {
            final int start = (int)parser.currentTokenLocation().getByteOffset();
            parser.skipChildren();
            final int end = (int)parser.currentLocation().getByteOffset();
            return new Value(token, new String(json, start, end - start, StandardCharsets.UTF_8));
        }
        return new Value(token, parser.getText());
    }

    private static Map<String, Value> read(final byte[] json)
    {
        final Map<String, Value> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(json))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                throw new IllegalArgumentException("not an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME)
            {
                final String key = parser.currentName();
                fields.put(key, valueAt(parser, json, parser.nextToken()));
            }
            if (parser.nextToken() != null)
            {
                throw new IllegalArgumentException("trailing content");
            }
        }
        catch (final IOException e)
        {
            throw new IllegalArgumentException("not legal JSON: " + e.getMessage(), e);
        }
        return fields;
    }

    private static String zero(final FuzzColumn column)
    {
        final String base = column.base();
        if (column.isComposite())
        {
            return base.startsWith("Map(") ? "{}" : "[]";
        }
        if (FuzzScalarReference.handles(column))
        {
            return FuzzScalarReference.zero(column);
        }
        if (base.equals("String"))
        {
            return RowBinaryRows.renderString(new byte[0]);
        }
        if (base.startsWith("FixedString"))
        {
            return RowBinaryRows.renderString(new byte[column.param()]);
        }
        if (base.startsWith("Float"))
        {
            return base.equals("Float32") ? RowBinaryRows.renderFloat(0f) : RowBinaryRows.renderDouble(0d);
        }
        if (base.equals("Bool"))
        {
            return "false";
        }
        if (base.startsWith("DateTime64"))
        {
            return RowBinaryRows.renderTicks(0, column.param());
        }
        return base.equals("DateTime") ? RowBinaryRows.renderTicks(0, 0) : "0";
    }

    /** The rendered value, or null if the column cannot take it. */
    private static String convert(final FuzzColumn column, final Value value, final EpochUnit unit)
    {
        final String base = column.base();
        final JsonToken token = value.token;
        final boolean number = token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
        if (column.isComposite())
        {
            return FuzzCompositeReference.convert(column, value, unit);
        }
        if (FuzzScalarReference.handles(column))
        {
            return FuzzScalarReference.convert(column, token, value.text);
        }
        if (base.equals("String"))
        {
            return RowBinaryRows.renderString(value.text.getBytes(StandardCharsets.UTF_8));
        }
        if (base.startsWith("FixedString"))
        {
            final byte[] bytes = value.text.getBytes(StandardCharsets.UTF_8);
            return token == JsonToken.VALUE_STRING && bytes.length <= column.param()
                ? RowBinaryRows.renderString(Arrays.copyOf(bytes, column.param())) : null;
        }
        if (base.equals("Float64"))
        {
            final double d = number ? Double.parseDouble(value.text) : Double.NaN;
            return Double.isNaN(d) || Double.isInfinite(d) ? null : RowBinaryRows.renderDouble(d);
        }
        if (base.equals("Float32"))
        {
            final float f = number ? Float.parseFloat(value.text) : Float.NaN;
            return Float.isNaN(f) || Float.isInfinite(f) ? null : RowBinaryRows.renderFloat(f);
        }
        if (base.equals("Bool"))
        {
            return token == JsonToken.VALUE_TRUE ? "true" : token == JsonToken.VALUE_FALSE ? "false" : null;
        }
        if (base.startsWith("DateTime"))
        {
            final BigInteger nanos = token == JsonToken.VALUE_STRING ? rfc3339Nanos(value.text)
                : number ? epochNanos(value.text, unit) : null;
            return nanos == null ? null : ticks(column, nanos);
        }
        if (token != JsonToken.VALUE_NUMBER_INT)
        {
            return null;
        }
        final int bits = Integer.parseInt(base.replaceAll("[^0-9]", ""));
        final boolean unsigned = base.startsWith("U");
        final BigInteger v = new BigInteger(value.text);
        final BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
        final BigInteger max = unsigned ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
            : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        return v.compareTo(min) < 0 || v.compareTo(max) > 0 ? null : v.toString();
    }

    private static String ticks(final FuzzColumn column, final BigInteger nanos)
    {
        if (column.base().equals("DateTime"))
        {
            final BigInteger seconds = floorDiv(nanos, BigInteger.TEN.pow(9));
            return seconds.signum() < 0 || seconds.compareTo(UINT32_MAX) > 0 ? null
                : RowBinaryRows.renderTicks(seconds.longValueExact(), 0);
        }
        final int precision = column.param();
        final BigInteger ticks = floorDiv(nanos, BigInteger.TEN.pow(9 - precision));
        return ticks.compareTo(LONG_MIN) < 0 || ticks.compareTo(LONG_MAX) > 0 ? null
            : RowBinaryRows.renderTicks(ticks.longValueExact(), precision);
    }

    private static BigInteger floorDiv(final BigInteger a, final BigInteger b)
    {
        final BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    /** Nanoseconds since 1970 of an RFC 3339 timestamp, or null if it is not one. */
    private static BigInteger rfc3339Nanos(final String text)
    {
        if (text.length() < 20 || !(text.charAt(10) == 'T' || text.charAt(10) == 't' || text.charAt(10) == ' ')
            || !text.matches("\\d{4}-\\d\\d-\\d\\d.\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?([Zz]|[+-]\\d\\d:\\d\\d)"))
        {
            return null;
        }
        final String iso = (text.substring(0, 10) + 'T' + text.substring(11)).replace('z', 'Z');
        try
        {
            final OffsetDateTime time = OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return BigInteger.valueOf(time.toEpochSecond()).multiply(BigInteger.TEN.pow(9))
                .add(BigInteger.valueOf(time.getNano()));
        }
        catch (final DateTimeParseException e)
        {
            return null;
        }
    }

    /** Nanoseconds since 1970 of an epoch number in {@code unit}, floored; null with an exponent or a huge integer part. */
    private static BigInteger epochNanos(final String text, final EpochUnit unit)
    {
        if (text.contains("e") || text.contains("E"))
        {
            return null;
        }
        final BigDecimal value = new BigDecimal(text);
        if (value.abs().setScale(0, RoundingMode.DOWN).toBigInteger().compareTo(LONG_MAX) > 0)
        {
            return null;
        }
        return value.multiply(BigDecimal.valueOf(unit.nanosPerUnit())).setScale(0, RoundingMode.FLOOR).toBigInteger();
    }
}
