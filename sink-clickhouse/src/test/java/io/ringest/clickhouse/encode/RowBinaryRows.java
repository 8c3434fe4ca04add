package io.ringest.clickhouse.encode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Reads RowBinary rows of {@link FuzzColumn}s back into rendered values, written from the format's description
 * (little-endian fixed widths, LEB128 string lengths, a 0/1 null marker before a Nullable value), so what the encoder
 * or a server wrote can be compared with {@link FuzzReference}. Renderings are exact: floats carry their bits, strings
 * every code point.
 */
public final class RowBinaryRows
{
    private final ByteBuffer in;

    public RowBinaryRows(final byte[] bytes, final int length)
    {
        this.in = ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    public boolean hasMore()
    {
        return in.hasRemaining();
    }

    /** Reads one row of {@code columns}. */
    public List<String> row(final List<FuzzColumn> columns)
    {
        final List<String> row = new ArrayList<>(columns.size());
        for (final FuzzColumn column : columns)
        {
            row.add(column.nullable() && in.get() == 1 ? "NULL" : value(column.base()));
        }
        return row;
    }

    /** Reads a value of a base type; also used for the metadata columns ({@code UInt32}, {@code UInt64}). */
    public String value(final String base)
    {
        if (base.startsWith("Array(") || base.startsWith("Map("))
        {
            return composite(base);
        }
        return switch (base)
        {
            case "String" -> renderString(bytes(varInt()));
            case "Int8" -> Byte.toString(in.get());
            case "Int16" -> Short.toString(in.getShort());
            case "Int32" -> Integer.toString(in.getInt());
            case "Int64" -> Long.toString(in.getLong());
            case "UInt8" -> Integer.toString(Byte.toUnsignedInt(in.get()));
            case "UInt16" -> Integer.toString(Short.toUnsignedInt(in.getShort()));
            case "UInt32" -> Integer.toUnsignedString(in.getInt());
            case "UInt64" -> Long.toUnsignedString(in.getLong());
            case "Float32" -> renderFloat(in.getFloat());
            case "Float64" -> renderDouble(in.getDouble());
            case "Bool" -> booleanValue(in.get());
            case "DateTime" -> renderTicks(Integer.toUnsignedLong(in.getInt()), 0);
            case "Date" -> FuzzScalarReference.renderDate(Short.toUnsignedInt(in.getShort()));
            case "Date32" -> FuzzScalarReference.renderDate(in.getInt());
            case "UUID" -> new UUID(in.getLong(), in.getLong()).toString();
            case "IPv4" -> ipv4(in.getInt());
            case "IPv6" -> HexFormat.of().formatHex(bytes(16));
            case "Int128", "Int256" -> littleEndian(Integer.parseInt(base.substring(3)) / 8, true).toString();
            case "UInt128", "UInt256" -> littleEndian(Integer.parseInt(base.substring(4)) / 8, false).toString();
            default -> parameterized(base);
        };
    }

    private String parameterized(final String base)
    {
        if (base.startsWith("Enum8(") || base.startsWith("Enum16("))
        {
            return base.startsWith("Enum8") ? Byte.toString(in.get()) : Short.toString(in.getShort());
        }
        if (base.startsWith("Decimal("))
        {
            final String[] ps = base.substring(8, base.length() - 1).split(",");
            final int precision = Integer.parseInt(ps[0].trim());
            final int width = precision <= 9 ? 4 : precision <= 18 ? 8 : precision <= 38 ? 16 : 32;
            return new BigDecimal(littleEndian(width, true), Integer.parseInt(ps[1].trim())).toPlainString();
        }
        final int param = Integer.parseInt(base.substring(base.indexOf('(') + 1, base.indexOf(')')));
        if (base.startsWith("FixedString("))
        {
            return renderString(bytes(param));
        }
        if (base.startsWith("DateTime64("))
        {
            return renderTicks(in.getLong(), param);
        }
        throw new IllegalArgumentException("no reader for " + base);
    }

    /** {@code width} little-endian bytes as a two's complement or unsigned integer. */
    private BigInteger littleEndian(final int width, final boolean signed)
    {
        final byte[] bytes = bytes(width);
        final byte[] bigEndian = new byte[width];
        for (int i = 0; i < width; i++)
        {
            bigEndian[i] = bytes[width - 1 - i];
        }
        return signed ? new BigInteger(bigEndian) : new BigInteger(1, bigEndian);
    }

    private static String ipv4(final int address)
    {
        try
        {
            return InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(address).array()).getHostAddress();
        }
        catch (final UnknownHostException e)
        {
            throw new IllegalStateException(e);
        }
    }

    /** {@code Array(T)}: a count, then the elements; {@code Map(String, V)}: a count, then key and value pairs. */
    private String composite(final String base)
    {
        final boolean map = base.startsWith("Map(");
        final FuzzColumn element = new FuzzColumn("", base, false).element();
        final List<String> items = new ArrayList<>();
        for (int i = varInt(); i > 0; i--)
        {
            final String key = map ? value("String") + ": " : "";
            items.add(key + (element.nullable() && in.get() == 1 ? "NULL" : value(element.base())));
        }
        return (map ? "{" : "[") + String.join(", ", items) + (map ? "}" : "]");
    }

    private static String booleanValue(final byte b)
    {
        if (b != 0 && b != 1)
        {
            throw new IllegalStateException("Bool byte " + b);
        }
        return b == 1 ? "true" : "false";
    }

    private int varInt()
    {
        int value = 0;
        for (int shift = 0; ; shift += 7)
        {
            final byte b = in.get();
            value |= (b & 0x7F) << shift;
            if (b >= 0)
            {
                return value;
            }
        }
    }

    private byte[] bytes(final int length)
    {
        final byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    /** A string's bytes as a quoted text with every non-printable code point as {@code \\u{hex}}, or hex if not UTF-8. */
    public static String renderString(final byte[] bytes)
    {
        final String text;
        try
        {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        }
        catch (final CharacterCodingException e)
        {
            return "invalid UTF-8 " + HexFormat.of().formatHex(bytes);
        }
        final StringBuilder s = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
            {
                s.append((char)c);
            }
            else
            {
                s.append("\\u{").append(Integer.toHexString(c)).append('}');
            }
        });
        return s.append('"').toString();
    }

    public static String renderDouble(final double d)
    {
        return d + " (bits " + Long.toHexString(Double.doubleToRawLongBits(d)) + ")";
    }

    public static String renderFloat(final float f)
    {
        return f + "f (bits " + Integer.toHexString(Float.floatToRawIntBits(f)) + ")";
    }

    /** Ticks of 10^-precision s since 1970, with the instant they mean. */
    public static String renderTicks(final long ticks, final int precision)
    {
        final long scale = (long)Math.pow(10, precision);
        final long seconds = Math.floorDiv(ticks, scale);
        if (seconds < Instant.MIN.getEpochSecond() || seconds > Instant.MAX.getEpochSecond())
        {
            return Long.toString(ticks);
        }
        return ticks + " (" + Instant.ofEpochSecond(seconds, Math.floorMod(ticks, scale) * (long)Math.pow(10, 9 - precision)) + ")";
    }
}
