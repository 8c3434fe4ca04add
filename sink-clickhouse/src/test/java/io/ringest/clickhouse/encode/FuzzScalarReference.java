package io.ringest.clickhouse.encode;

import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * {@link FuzzReference}'s contract for Date, Date32, UUID, IPv4, IPv6, Enum, Decimal and the 128/256-bit integers,
 * worked out with {@code java.time.LocalDate}, {@code java.util.UUID}, {@code java.net.InetAddress}, {@code BigDecimal}
 * and {@code BigInteger}, not the encoder's code; strict regular expressions first, since Java's parsers are lenient
 * ({@code UUID.fromString("1-1-1-1-1")}, {@code InetAddress.getByName("127.1")}).
 */
final class FuzzScalarReference
{
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final String IPV4 = OCTET + "(\\." + OCTET + "){3}";
    private static final String JSON_NUMBER = "-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?";
    private static final String JSON_INTEGER = "-?(0|[1-9][0-9]*)";

    private FuzzScalarReference()
    {
    }

    /** Whether the column's type is one of these. */
    static boolean handles(final FuzzColumn column)
    {
        return column.base().matches("Date|Date32|UUID|IPv4|IPv6|Enum.*|Decimal\\(.*|U?Int(128|256)");
    }

    static String zero(final FuzzColumn column)
    {
        return switch (column.base())
        {
            case "Date" -> renderDate(0);
            case "Date32" -> renderDate(-25_567);
            case "UUID" -> new UUID(0, 0).toString();
            case "IPv4" -> "0.0.0.0";
            case "IPv6" -> HexFormat.of().formatHex(new byte[16]);
            default -> column.base().startsWith("Enum")
                ? Integer.toString(column.enumValues().values().stream().mapToInt(Integer::intValue).min().orElseThrow())
                : column.base().startsWith("Decimal") ? BigDecimal.ZERO.setScale(column.decimal()[1]).toPlainString() : "0";
        };
    }

    /** The rendered value, or null if the column cannot take it. */
    static String convert(final FuzzColumn column, final JsonToken token, final String text)
    {
        final boolean string = token == JsonToken.VALUE_STRING;
        final boolean integer = token == JsonToken.VALUE_NUMBER_INT;
        final String base = column.base();
        return switch (base)
        {
            case "Date", "Date32" -> date(base.equals("Date") ? 0 : -25_567, base.equals("Date") ? 65_535 : 120_529,
                string ? dateDays(text) : integer ? new BigInteger(text) : null);
            case "UUID" -> string && text.matches("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
                ? UUID.fromString(text).toString() : null;
            case "IPv4" -> string && text.matches(IPV4) ? address(text).getHostAddress() : null;
            case "IPv6" -> string ? ipv6(text) : null;
            default -> base.startsWith("Enum") ? enumValue(column, token, text)
                : base.startsWith("Decimal") ? decimal(column.decimal(), string || integer || token == JsonToken.VALUE_NUMBER_FLOAT
                    ? text : null)
                : (integer || string && text.matches(JSON_INTEGER)) ? wideInteger(base, new BigInteger(text)) : null;
        };
    }

    private static BigInteger dateDays(final String text)
    {
        try
        {
            return text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}") ? BigInteger.valueOf(LocalDate.parse(text).toEpochDay()) : null;
        }
        catch (final DateTimeParseException e)
        {
            return null;
        }
    }

    private static String date(final long min, final long max, final BigInteger days)
    {
        return days == null || days.compareTo(BigInteger.valueOf(min)) < 0 || days.compareTo(BigInteger.valueOf(max)) > 0
            ? null : renderDate(days.longValueExact());
    }

    static String renderDate(final long days)
    {
        return days + " (" + LocalDate.ofEpochDay(days) + ")";
    }

    private static InetAddress address(final String literal)
    {
        try
        {
            return InetAddress.getByName(literal);
        }
        catch (final IOException e)
        {
            return null;
        }
    }

    /** Hex of the 16 bytes; a dotted quad, and what Java turns into an Inet4Address, as {@code ::ffff:a.b.c.d}. */
    private static String ipv6(final String text)
    {
        if (!text.matches(IPV4) && (!text.contains(":") || !text.matches("[0-9a-fA-F:.]+")
            || text.contains(".") && !text.substring(text.lastIndexOf(':') + 1).matches(IPV4)))
        {
            return null;
        }
        final InetAddress address = address(text);
        if (address == null)
        {
            return null;
        }
        final byte[] bytes = address.getAddress();
        if (bytes.length == 16)
        {
            return HexFormat.of().formatHex(bytes);
        }
        return "00000000000000000000ffff" + HexFormat.of().formatHex(bytes);
    }

    private static String enumValue(final FuzzColumn column, final JsonToken token, final String text)
    {
        if (token == JsonToken.VALUE_STRING)
        {
            final Integer value = column.enumValues().get(text);
            return value == null ? null : value.toString();
        }
        if (token != JsonToken.VALUE_NUMBER_INT)
        {
            return null;
        }
        final BigInteger value = new BigInteger(text);
        return column.enumValues().values().stream().anyMatch(v -> BigInteger.valueOf(v).equals(value))
            ? value.toString() : null;
    }

    private static String decimal(final int[] precisionScale, final String text)
    {
        if (text == null || !text.matches(JSON_NUMBER))
        {
            return null;
        }
        final BigDecimal value = new BigDecimal(text);
        if (value.signum() != 0 && value.precision() - value.scale() > precisionScale[0] + 1)
        {
            return null;
        }
        final BigDecimal scaled = value.setScale(precisionScale[1], RoundingMode.DOWN);
        return scaled.unscaledValue().abs().compareTo(BigInteger.TEN.pow(precisionScale[0])) < 0 ? scaled.toPlainString() : null;
    }

    private static String wideInteger(final String base, final BigInteger value)
    {
        final int bits = Integer.parseInt(base.replaceAll("[^0-9]", ""));
        final boolean unsigned = base.startsWith("U");
        final BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
        final BigInteger max = unsigned ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
            : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        return value.compareTo(min) < 0 || value.compareTo(max) > 0 ? null : value.toString();
    }
}
