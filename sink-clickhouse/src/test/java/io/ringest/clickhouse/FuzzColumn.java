package io.ringest.clickhouse;

import java.util.List;

/**
 * A column of the differential fuzzer's tables: its name (also its JSON field), its base type as ClickHouse spells it,
 * and whether it is Nullable. Shared by {@link FuzzLogs}, {@link FuzzReference} and {@link RowBinaryRows}.
 */
public record FuzzColumn(String name, String base, boolean nullable)
{
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
        new FuzzColumn("le\\v/\"\u00e9l", "String", false));

    /** What ClickHouse 18.16 can hold: no Bool and no DateTime64. */
    public static final List<FuzzColumn> CLICKHOUSE_18 = ALL_TYPES.stream()
        .filter(c -> !c.base.equals("Bool") && !c.base.startsWith("DateTime64") && c.name.matches("[a-z0-9]+"))
        .toList();

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
