package io.ringest.clickhouse.encode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A column of the differential fuzzer's tables: its name (also its JSON field), its base type as ClickHouse spells it,
 * and whether it is Nullable. Shared by {@link FuzzLogs}, {@link FuzzReference} and {@link RowBinaryRows}.
 */
public record FuzzColumn(String name, String base, boolean nullable)
{
    /** The names and values of the fuzzer's Enum8, with quotes, backslashes, controls and non-ASCII in the names. */
    public static final Map<String, Integer> ENUM8 = enumValues("a", 1, "it's", -128, "back\\slash", 127, "caf\u00e9", -2,
        "", 0, "line\nbreak", 5, "q\"uote", 3, "\u4e16\ud83d\ude00", -1, "tab\tx", 64);
    /** The names and values of the fuzzer's Enum16. */
    public static final Map<String, Integer> ENUM16 = enumValues("lo", -32768, "hi", 32767, "mid", 0, "x y", 1000, "''", -300);


    /** Every scalar type the encoder writes, for the encoder leg and modern servers. */
    public static final List<FuzzColumn> ALL_TYPES = List.of(
        new FuzzColumn("s", "String", false), new FuzzColumn("sn", "String", true),
        new FuzzColumn("fs", "FixedString(8)", false),
        new FuzzColumn("i8", "Int8", false), new FuzzColumn("i16", "Int16", false),
        new FuzzColumn("i32", "Int32", false), new FuzzColumn("i64", "Int64", false),
        new FuzzColumn("in", "Int64", true),
        new FuzzColumn("u8", "UInt8", false), new FuzzColumn("u16", "UInt16", false),
        new FuzzColumn("u32", "UInt32", false), new FuzzColumn("u64", "UInt64", false),
        new FuzzColumn("f32", "Float32", false), new FuzzColumn("f64", "Float64", false),
        new FuzzColumn("fn", "Float64", true),
        new FuzzColumn("b", "Bool", false),
        new FuzzColumn("dt", "DateTime", false), new FuzzColumn("d3", "DateTime64(3)", false),
        new FuzzColumn("d9", "DateTime64(9)", false), new FuzzColumn("d0n", "DateTime64(0)", true),
        new FuzzColumn("le\\v/\"\u00e9l", "String", false),
        new FuzzColumn("day", "Date", false), new FuzzColumn("day32", "Date32", false), new FuzzColumn("day32n", "Date32", true),
        new FuzzColumn("uuid", "UUID", false), new FuzzColumn("uuidn", "UUID", true),
        new FuzzColumn("ip4", "IPv4", false), new FuzzColumn("ip6", "IPv6", false), new FuzzColumn("ip6n", "IPv6", true),
        new FuzzColumn("e8", enumType("Enum8", ENUM8), false), new FuzzColumn("e16n", enumType("Enum16", ENUM16), true),
        new FuzzColumn("dec9", "Decimal(9, 2)", false), new FuzzColumn("dec5", "Decimal(5, 0)", false),
        new FuzzColumn("dec18", "Decimal(18, 18)", false), new FuzzColumn("dec38n", "Decimal(38, 10)", true),
        new FuzzColumn("dec76", "Decimal(76, 30)", false),
        new FuzzColumn("i128", "Int128", false), new FuzzColumn("u128", "UInt128", false),
        new FuzzColumn("i256", "Int256", false), new FuzzColumn("u256n", "UInt256", true),
        new FuzzColumn("ai", "Array(Int32)", false), new FuzzColumn("asn", "Array(Nullable(String))", false),
        new FuzzColumn("af", "Array(Float64)", false), new FuzzColumn("adt", "Array(DateTime64(3))", false),
        new FuzzColumn("ms", "Map(String, String)", false), new FuzzColumn("min", "Map(String, Nullable(Int64))", false),
        new FuzzColumn("mu", "Map(LowCardinality(String), UUID)", false));

    /**
     * What ClickHouse 18.16 can hold: no Bool and no DateTime64; none of the types added with Date..UInt256 either (its
     * Decimal was experimental, IPv4/IPv6 came in 19.x, Date32 and the wide integers later; not checked on 18.16).
     */
    public static final List<FuzzColumn> CLICKHOUSE_18 = ALL_TYPES.stream()
        .filter(c -> c.base.matches("String|FixedString\\(\\d+\\)|U?Int(8|16|32|64)|Float(32|64)|DateTime"
            + "|Array\\((Int32|Nullable\\(String\\)|Float64)\\)")
            && c.name.matches("[a-z0-9]+"))
        .toList();

    private static Map<String, Integer> enumValues(final Object... nameValuePairs)
    {
        final Map<String, Integer> values = new LinkedHashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2)
        {
            values.put((String)nameValuePairs[i], (Integer)nameValuePairs[i + 1]);
        }
        return values;
    }

    /** {@code Enum8('a' = 1, ...)} with each name quoted as ClickHouse's DESCRIBE quotes it. */
    private static String enumType(final String kind, final Map<String, Integer> values)
    {
        final StringBuilder s = new StringBuilder(kind).append('(');
        values.forEach((name, value) -> s.append(s.length() > kind.length() + 1 ? ", " : "").append('\'')
            .append(name.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\t", "\\t"))
            .append("' = ").append(value));
        return s.append(')').toString();
    }

    /** The names and values of an enum column. */
    Map<String, Integer> enumValues()
    {
        return base.startsWith("Enum8") ? ENUM8 : ENUM16;
    }

    /** P and S of {@code Decimal(P, S)}. */
    int[] decimal()
    {
        final String[] ps = base.substring(base.indexOf('(') + 1, base.indexOf(')')).split(",");
        return new int[] {Integer.parseInt(ps[0].trim()), Integer.parseInt(ps[1].trim())};
    }

    /** True for {@code Array(T)} and {@code Map(K, V)}. */
    boolean isComposite()
    {
        return base.startsWith("Array(") || base.startsWith("Map(");
    }

    /** T of {@code Array(T)} or V of {@code Map(String, V)}, as a column of its own, named after this one. */
    FuzzColumn element()
    {
        final String inner = base.startsWith("Array(") ? base.substring(6, base.length() - 1)
            : base.substring(base.indexOf(", ") + 2, base.length() - 1);
        return inner.startsWith("Nullable(") ? new FuzzColumn(name, inner.substring(9, inner.length() - 1), true)
            : new FuzzColumn(name, inner, false);
    }

    /** The type as DESCRIBE TABLE prints it. */
    public String type()
    {
        return nullable ? "Nullable(" + base + ")" : base;
    }

    public Column column()
    {
        return new Column(name, type(), "", "");
    }

    /** Columns for {@link ColumnPlan}. */
    public static List<Column> columns(final List<FuzzColumn> fuzzColumns)
    {
        return fuzzColumns.stream().map(FuzzColumn::column).toList();
    }

    /** N of {@code FixedString(N)}, P of {@code DateTime64(P)}. */
    int param()
    {
        return Integer.parseInt(base.substring(base.indexOf('(') + 1, base.indexOf(')')));
    }
}
