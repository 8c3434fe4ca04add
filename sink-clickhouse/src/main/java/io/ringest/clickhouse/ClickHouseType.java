package io.ringest.clickhouse;

import io.ringest.engine.ConfigException;

import java.util.ArrayList;
import java.util.List;

/**
 * A column type the encoder can write, parsed once from the server's spelling, e.g. {@code Nullable(DateTime64(3, 'UTC'))}.
 * {@code LowCardinality(T)} is written exactly as {@code T} in RowBinary, so it is unwrapped; time zones do not change
 * the bytes (epoch values are UTC), so they are ignored. {@code Array(T)} and {@code Map(K, V)} hold scalar types
 * ({@code K} a String). Immutable.
 *
 * @param kind     the base type
 * @param nullable whether the column is {@code Nullable(...)}
 * @param param    N of {@code FixedString(N)}, P of {@code DateTime64(P)}, otherwise 0
 * @param args     the element type of an {@code Array}, the key and value types of a {@code Map}, otherwise empty
 */
public record ClickHouseType(Kind kind, boolean nullable, int param, List<ClickHouseType> args)
{
    public ClickHouseType(final Kind kind, final boolean nullable, final int param)
    {
        this(kind, nullable, param, List.of());
    }

    /** Base types, with the byte width of the fixed-size ones and the range of the integers. */
    public enum Kind
    {
        STRING(-1, 0, 0),
        FIXED_STRING(-1, 0, 0),
        INT8(1, Byte.MIN_VALUE, Byte.MAX_VALUE),
        INT16(2, Short.MIN_VALUE, Short.MAX_VALUE),
        INT32(4, Integer.MIN_VALUE, Integer.MAX_VALUE),
        INT64(8, Long.MIN_VALUE, Long.MAX_VALUE),
        UINT8(1, 0, 0xFFL),
        UINT16(2, 0, 0xFFFFL),
        UINT32(4, 0, 0xFFFF_FFFFL),
        UINT64(8, 0, -1L),
        FLOAT32(4, 0, 0),
        FLOAT64(8, 0, 0),
        BOOL(1, 0, 0),
        DATETIME(4, 0, 0),
        DATETIME64(8, 0, 0),
        ARRAY(-1, 0, 0),
        MAP(-1, 0, 0);

        final int width;
        final long min;
        final long max;

        Kind(final int width, final long min, final long max)
        {
            this.width = width;
            this.min = min;
            this.max = max;
        }

        boolean isInteger()
        {
            return ordinal() >= INT8.ordinal() && ordinal() <= UINT64.ordinal();
        }

        boolean isUnsigned()
        {
            return ordinal() >= UINT8.ordinal() && ordinal() <= UINT64.ordinal();
        }
    }

    static final String SUPPORTED = "String, LowCardinality(String), FixedString(N), Int8..Int64, UInt8..UInt64, "
        + "Float32, Float64, Bool, DateTime, DateTime('tz'), DateTime64(P) and DateTime64(P, 'tz') with P 0..9, "
        + "Nullable(...) / LowCardinality(...) of those, Array(T) of those, and Map(K, V) with K String or "
        + "LowCardinality(String) and V one of those";

    /** Parses a type as {@code DESCRIBE TABLE} prints it; an unsupported type names the column and lists what is supported. */
    public static ClickHouseType parse(final String column, final String type)
    {
        final ClickHouseType parsed = parseOrNull(type.trim(), false);
        if (parsed == null)
        {
            throw new ConfigException("column '" + column + "' has unsupported type " + type + "; supported: " + SUPPORTED);
        }
        return parsed;
    }

    private static ClickHouseType parseOrNull(final String type, final boolean nullable)
    {
        final String lowCardinality = unwrap(type, "LowCardinality");
        if (lowCardinality != null)
        {
            return parseOrNull(lowCardinality, nullable);
        }
        final String inner = unwrap(type, "Nullable");
        if (inner != null)
        {
            return nullable ? null : parseOrNull(inner, true);
        }
        final String array = unwrap(type, "Array");
        if (array != null)
        {
            final ClickHouseType element = nullable ? null : parseOrNull(array, false);
            return element == null || element.isComposite() ? null
                : new ClickHouseType(Kind.ARRAY, false, 0, List.of(element));
        }
        final String map = unwrap(type, "Map");
        if (map != null)
        {
            final List<String> kv = splitArguments(map);
            final ClickHouseType key = kv.size() == 2 && !nullable ? parseOrNull(kv.get(0), false) : null;
            final ClickHouseType value = key == null ? null : parseOrNull(kv.get(1), false);
            return value == null || key.kind != Kind.STRING || key.nullable || value.isComposite() ? null
                : new ClickHouseType(Kind.MAP, false, 0, List.of(key, value));
        }
        final String fixed = unwrap(type, "FixedString");
        if (fixed != null)
        {
            final int n = parseInt(fixed);
            return n >= 1 ? new ClickHouseType(Kind.FIXED_STRING, nullable, n) : null;
        }
        final String dateTime64 = unwrap(type, "DateTime64");
        if (dateTime64 != null)
        {
            final int comma = dateTime64.indexOf(',');
            final int precision = parseInt(comma < 0 ? dateTime64 : dateTime64.substring(0, comma));
            final boolean zoneOk = comma < 0 || isQuoted(dateTime64.substring(comma + 1).trim());
            return precision >= 0 && precision <= 9 && zoneOk ? new ClickHouseType(Kind.DATETIME64, nullable, precision) : null;
        }
        final String dateTimeZone = unwrap(type, "DateTime");
        if (dateTimeZone != null)
        {
            return isQuoted(dateTimeZone) ? new ClickHouseType(Kind.DATETIME, nullable, 0) : null;
        }
        final Kind simple = simpleKind(type);
        return simple == null ? null : new ClickHouseType(simple, nullable, 0);
    }

    private static Kind simpleKind(final String type)
    {
        return switch (type)
        {
            case "String" -> Kind.STRING;
            case "Int8" -> Kind.INT8;
            case "Int16" -> Kind.INT16;
            case "Int32" -> Kind.INT32;
            case "Int64" -> Kind.INT64;
            case "UInt8" -> Kind.UINT8;
            case "UInt16" -> Kind.UINT16;
            case "UInt32" -> Kind.UINT32;
            case "UInt64" -> Kind.UINT64;
            case "Float32" -> Kind.FLOAT32;
            case "Float64" -> Kind.FLOAT64;
            case "Bool", "Boolean" -> Kind.BOOL;
            case "DateTime" -> Kind.DATETIME;
            default -> null;
        };
    }

    private static String unwrap(final String type, final String wrapper)
    {
        if (type.startsWith(wrapper) && type.endsWith(")"))
        {
            final String rest = type.substring(wrapper.length()).trim();
            if (rest.startsWith("(") && rest.endsWith(")"))
            {
                return rest.substring(1, rest.length() - 1).trim();
            }
        }
        return null;
    }

    /** Splits {@code a, b(c, d), 'e,f'} at its top-level commas. */
    private static List<String> splitArguments(final String text)
    {
        final List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '\'' && (i == 0 || text.charAt(i - 1) != '\\'))
            {
                quoted = !quoted;
            }
            else if (!quoted && (c == '(' || c == ')'))
            {
                depth += c == '(' ? 1 : -1;
            }
            else if (!quoted && depth == 0 && c == ',')
            {
                parts.add(text.substring(from, i).trim());
                from = i + 1;
            }
        }
        parts.add(text.substring(from).trim());
        return parts;
    }

    /** True for Array and Map, which hold other types. */
    boolean isComposite()
    {
        return kind == Kind.ARRAY || kind == Kind.MAP;
    }

    private static boolean isQuoted(final String text)
    {
        return text.length() >= 2 && text.charAt(0) == '\'' && text.charAt(text.length() - 1) == '\'';
    }

    private static int parseInt(final String text)
    {
        try
        {
            return Integer.parseInt(text.trim());
        }
        catch (final NumberFormatException e)
        {
            return -1;
        }
    }

    /** The type's name in failure messages, e.g. {@code UInt16} or {@code DateTime64(3)}. */
    public String displayName()
    {
        final String base = switch (kind)
        {
            case FIXED_STRING -> "FixedString(" + param + ")";
            case DATETIME64 -> "DateTime64(" + param + ")";
            case STRING -> "String";
            case BOOL -> "Bool";
            case DATETIME -> "DateTime";
            case FLOAT32 -> "Float32";
            case FLOAT64 -> "Float64";
            case ARRAY -> "Array(" + args.get(0).displayName() + ")";
            case MAP -> "Map(" + args.get(0).displayName() + ", " + args.get(1).displayName() + ")";
            default -> kind.isUnsigned() ? "UInt" + kind.width * 8 : "Int" + kind.width * 8;
        };
        return nullable ? "Nullable(" + base + ")" : base;
    }
}
