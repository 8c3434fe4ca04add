package io.ringest.clickhouse.encode;

import io.ringest.engine.ConfigException;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A column type the encoder can write, parsed once from the server's spelling, e.g. {@code Nullable(DateTime64(3, 'UTC'))}.
 * {@code LowCardinality(T)} is written exactly as {@code T} in RowBinary, so it is unwrapped; time zones do not change
 * the bytes (epoch values are UTC), so they are ignored. {@code Array(T)}, {@code Map(K, V)} ({@code K} a String) and
 * {@code Tuple(...)} hold any of these types. {@code Decimal32(S)} … {@code Decimal256(S)} are {@code Decimal(P, S)}
 * with P 9, 18, 38, 76; a {@code Decimal(P, S)} takes the kind of its byte width. {@code JSON} keeps no parameters: the
 * server reads its value as text. Immutable.
 *
 * @param kind         the base type
 * @param nullable     whether the column is {@code Nullable(...)}
 * @param param        N of {@code FixedString(N)}, P of {@code DateTime64(P)} and {@code Decimal(P, S)}, otherwise 0
 * @param args         the element type of an {@code Array}, the key and value types of a {@code Map}, the element types of
 *                     a {@code Tuple}, otherwise empty
 * @param scale        S of {@code Decimal(P, S)}, otherwise 0
 * @param names        the names and values of an {@code Enum8} or {@code Enum16}, otherwise null
 * @param elementNames the element names of a named {@code Tuple(a T1, b T2)}, otherwise null
 */
public record ClickHouseType(
    Kind kind, boolean nullable, int param, List<ClickHouseType> args, int scale, EnumValues names, TupleNames elementNames)
{
    public ClickHouseType(final Kind kind, final boolean nullable, final int param)
    {
        this(kind, nullable, param, List.of());
    }

    public ClickHouseType(final Kind kind, final boolean nullable, final int param, final List<ClickHouseType> args)
    {
        this(kind, nullable, param, args, 0, null);
    }

    public ClickHouseType(
        final Kind kind, final boolean nullable, final int param, final List<ClickHouseType> args, final int scale,
        final EnumValues names)
    {
        this(kind, nullable, param, args, scale, names, null);
    }

    /** Base types, with their spelling, the byte width of the fixed-size ones and the range of the integers. */
    public enum Kind
    {
        STRING("String", -1, 0, 0),
        FIXED_STRING("FixedString", -1, 0, 0),
        INT8("Int8", 1, Byte.MIN_VALUE, Byte.MAX_VALUE),
        INT16("Int16", 2, Short.MIN_VALUE, Short.MAX_VALUE),
        INT32("Int32", 4, Integer.MIN_VALUE, Integer.MAX_VALUE),
        INT64("Int64", 8, Long.MIN_VALUE, Long.MAX_VALUE),
        UINT8("UInt8", 1, 0, 0xFFL),
        UINT16("UInt16", 2, 0, 0xFFFFL),
        UINT32("UInt32", 4, 0, 0xFFFF_FFFFL),
        UINT64("UInt64", 8, 0, -1L),
        FLOAT32("Float32", 4, 0, 0),
        FLOAT64("Float64", 8, 0, 0),
        BOOL("Bool", 1, 0, 0),
        DATETIME("DateTime", 4, 0, 0),
        DATETIME64("DateTime64", 8, 0, 0),
        ARRAY("Array", -1, 0, 0),
        MAP("Map", -1, 0, 0),
        DATE("Date", 2, 0, 0xFFFFL),
        DATE32("Date32", 4, -25_567, 120_529),
        UUID("UUID", 16, 0, 0),
        IPV4("IPv4", 4, 0, 0),
        IPV6("IPv6", 16, 0, 0),
        ENUM8("Enum8", 1, Byte.MIN_VALUE, Byte.MAX_VALUE),
        ENUM16("Enum16", 2, Short.MIN_VALUE, Short.MAX_VALUE),
        DECIMAL32("Decimal", 4, 1, 9),
        DECIMAL64("Decimal", 8, 10, 18),
        DECIMAL128("Decimal", 16, 19, 38),
        DECIMAL256("Decimal", 32, 39, 76),
        INT128("Int128", 16, 0, 0),
        UINT128("UInt128", 16, 0, 0),
        INT256("Int256", 32, 0, 0),
        UINT256("UInt256", 32, 0, 0),
        TUPLE("Tuple", -1, 0, 0),
        JSON("JSON", -1, 0, 0);

        final String spelling;
        final int width;
        final long min;
        final long max;

        Kind(final String spelling, final int width, final long min, final long max)
        {
            this.spelling = spelling;
            this.width = width;
            this.min = min;
            this.max = max;
        }

        boolean isInteger()
        {
            return ordinal() >= INT8.ordinal() && ordinal() <= UINT64.ordinal();
        }

        /** Int8..UInt64, Float32 and Float64: the numbers a JSON number literal is written to directly. */
        boolean isScalarNumber()
        {
            return isInteger() || this == FLOAT32 || this == FLOAT64;
        }

        boolean isUnsigned()
        {
            return ordinal() >= UINT8.ordinal() && ordinal() <= UINT64.ordinal();
        }
    }

    private static final Set<Kind> WITH_ARGUMENTS = EnumSet.of(Kind.FIXED_STRING, Kind.DATETIME64, Kind.ARRAY, Kind.MAP,
        Kind.ENUM8, Kind.ENUM16, Kind.DECIMAL32, Kind.DECIMAL64, Kind.DECIMAL128, Kind.DECIMAL256, Kind.TUPLE);

    static final String SUPPORTED = "String, LowCardinality(String), FixedString(N), Int8..Int64, UInt8..UInt64, "
        + "Float32, Float64, Bool, DateTime, DateTime('tz'), DateTime64(P) and DateTime64(P, 'tz') with P 0..9, "
        + "Date, Date32, UUID, IPv4, IPv6, Enum8(...), Enum16(...), Decimal(P, S) with P 1..76 and S 0..P, "
        + "Decimal32(S), Decimal64(S), Decimal128(S), Decimal256(S), Int128, UInt128, Int256, UInt256, "
        + "JSON and JSON(...), Nullable(...) / LowCardinality(...) of those; and, holding any of these types, Array(T), "
        + "Map(K, V) with K String or LowCardinality(String), Tuple(T1, T2, ...) and Tuple(a T1, b T2, ...)";

    /** Parses a type as {@code DESCRIBE TABLE} prints it; an unsupported type names the column and lists what is supported. */
    public static ClickHouseType parse(final String column, final String type)
    {
        final ClickHouseType parsed = parseOrNull(type.trim(), false);
        if (parsed == null && type.contains("Object("))
        {
            throw new ConfigException("column '" + column + "' has type " + type + ", which no ClickHouse version reads "
                + "from RowBinary (its row-by-row binary form is not implemented); declare it JSON (read as text from "
                + "ClickHouse 24.10 on) or String");
        }
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
            return element == null ? null : new ClickHouseType(Kind.ARRAY, false, 0, List.of(element));
        }
        final String map = unwrap(type, "Map");
        if (map != null)
        {
            final List<String> kv = splitArguments(map);
            final ClickHouseType key = kv.size() == 2 && !nullable ? parseOrNull(kv.get(0), false) : null;
            final ClickHouseType value = key == null ? null : parseOrNull(kv.get(1), false);
            return value == null || key.kind != Kind.STRING || key.nullable ? null
                : new ClickHouseType(Kind.MAP, false, 0, List.of(key, value));
        }
        final String tuple = unwrap(type, "Tuple");
        if (tuple != null)
        {
            return parseTuple(tuple, nullable);
        }
        if (type.equals("JSON") || unwrap(type, "JSON") != null)
        {
            return new ClickHouseType(Kind.JSON, nullable, 0);
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
        final ClickHouseType decimalOrEnum = parseDecimalOrEnum(type, nullable);
        if (decimalOrEnum != null)
        {
            return decimalOrEnum;
        }
        final Kind simple = simpleKind(type);
        return simple == null ? null : new ClickHouseType(simple, nullable, 0);
    }

    /**
     * {@code Tuple(T1, T2)} or {@code Tuple(a T1, `b c` T2)}, as {@code DESCRIBE} prints them, over several lines from
     * ClickHouse 23.x on; null unless every element is a supported type and either all or none are named, uniquely.
     */
    private static ClickHouseType parseTuple(final String body, final boolean nullable)
    {
        final List<ClickHouseType> elements = new ArrayList<>();
        final List<byte[]> names = new ArrayList<>();
        for (final String element : splitArguments(body))
        {
            final int nameEnd = TupleNames.nameEnd(element);
            final byte[] name = nameEnd < 0 ? null : TupleNames.unquote(element.substring(0, nameEnd));
            final ClickHouseType type = parseOrNull(nameEnd < 0 ? element : element.substring(nameEnd).trim(), false);
            if (type == null || nameEnd >= 0 && name == null)
            {
                return null;
            }
            elements.add(type);
            if (name != null)
            {
                names.add(name);
            }
        }
        if (!names.isEmpty() && names.size() != elements.size())
        {
            return null;
        }
        final TupleNames elementNames = names.isEmpty() ? null : TupleNames.of(names);
        return names.isEmpty() || elementNames != null
            ? new ClickHouseType(Kind.TUPLE, nullable, 0, List.copyOf(elements), 0, null, elementNames) : null;
    }

    private static ClickHouseType parseDecimalOrEnum(final String type, final boolean nullable)
    {
        for (final Kind kind : new Kind[] {Kind.ENUM8, Kind.ENUM16})
        {
            final String body = unwrap(type, kind.spelling);
            final EnumValues names = body == null ? null : EnumValues.parse(body, kind.min, kind.max);
            if (names != null)
            {
                return new ClickHouseType(kind, nullable, 0, List.of(), 0, names);
            }
        }
        final String decimal = unwrap(type, "Decimal");
        if (decimal != null)
        {
            final List<String> ps = splitArguments(decimal);
            return ps.size() == 2 ? decimal(parseInt(ps.get(0)), parseInt(ps.get(1)), nullable) : null;
        }
        final int[] precisions = {9, 18, 38, 76};
        for (int bits = 32, i = 0; bits <= 256; bits *= 2, i++)
        {
            final String scale = unwrap(type, "Decimal" + bits);
            if (scale != null)
            {
                return decimal(precisions[i], parseInt(scale), nullable);
            }
        }
        return null;
    }

    private static ClickHouseType decimal(final int precision, final int scale, final boolean nullable)
    {
        if (precision < 1 || precision > 76 || scale < 0 || scale > precision)
        {
            return null;
        }
        final Kind kind = precision <= 9 ? Kind.DECIMAL32 : precision <= 18 ? Kind.DECIMAL64
            : precision <= 38 ? Kind.DECIMAL128 : Kind.DECIMAL256;
        return new ClickHouseType(kind, nullable, precision, List.of(), scale, null);
    }

    private static Kind simpleKind(final String type)
    {
        if (type.equals("Boolean"))
        {
            return Kind.BOOL;
        }
        for (final Kind kind : Kind.values())
        {
            if (kind.spelling.equals(type) && !WITH_ARGUMENTS.contains(kind))
            {
                return kind;
            }
        }
        return null;
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

    /** Splits {@code a, b(c, d), 'e,f', `g,h` T} at its top-level commas. */
    private static List<String> splitArguments(final String text)
    {
        final List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int from = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (quote != 0 && c == '\\')
            {
                i++;
            }
            else if (c == '\'' || c == '`')
            {
                quote = quote == 0 ? c : quote == c ? 0 : quote;
            }
            else if (quote == 0 && (c == '(' || c == ')'))
            {
                depth += c == '(' ? 1 : -1;
            }
            else if (quote == 0 && depth == 0 && c == ',')
            {
                parts.add(text.substring(from, i).trim());
                from = i + 1;
            }
        }
        parts.add(text.substring(from).trim());
        return parts;
    }

    /** True if the type is JSON or holds a JSON at any depth: its values are sent as text, which needs a server setting. */
    public boolean holdsJson()
    {
        return kind == Kind.JSON || args.stream().anyMatch(ClickHouseType::holdsJson);
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

    /** True for the Decimal kinds, whose {@link #param()} is P and {@link #scale()} is S. */
    boolean isDecimal()
    {
        return kind.ordinal() >= Kind.DECIMAL32.ordinal() && kind.ordinal() <= Kind.DECIMAL256.ordinal();
    }

    /** The type's name in failure messages, e.g. {@code UInt16}, {@code DateTime64(3)} or {@code Decimal(18, 4)}. */
    public String displayName()
    {
        final String base = switch (kind)
        {
            case FIXED_STRING, DATETIME64 -> kind.spelling + "(" + param + ")";
            case ARRAY -> "Array(" + args.get(0).displayName() + ")";
            case MAP -> "Map(" + args.get(0).displayName() + ", " + args.get(1).displayName() + ")";
            case TUPLE -> TupleNames.display(args, elementNames);
            case ENUM8, ENUM16 -> kind.spelling + "(" + names + ")";
            case DECIMAL32, DECIMAL64, DECIMAL128, DECIMAL256 -> "Decimal(" + param + ", " + scale + ")";
            default -> kind.spelling;
        };
        return nullable ? "Nullable(" + base + ")" : base;
    }
}
