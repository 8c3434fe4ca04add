package io.ringest.clickhouse;

import io.ringest.clickhouse.encode.Column;
import io.ringest.clickhouse.encode.ColumnPlan;
import io.ringest.clickhouse.encode.JsonRowEncoder;
import io.ringest.clickhouse.encode.Rows;
import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the encoder against a modern ClickHouse (26.x, embedded through the chdb npm package): rows of every
 * supported type are encoded into a file, which {@code tools/chdb/decode.mjs} reads back as JSONEachRow.
 * Needs {@code node} on the PATH (or {@code NODE}) and {@code npm install --prefix tools/chdb} done first.
 */
class ChdbRowBinaryIT
{
    private static final Path TOOLS = Path.of("..", "tools", "chdb").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @BeforeAll
    static void requireChdb()
    {
        assertTrue(Files.isDirectory(TOOLS.resolve("node_modules").resolve("chdb")),
            "chdb is not installed in " + TOOLS + ": run `npm install --prefix tools/chdb` from the repository root");
    }

    private static final List<Column> COLUMNS = Rows.columns(
        "ts", "DateTime64(9)", "ts3", "DateTime64(3, 'UTC')", "ts0", "DateTime64(0)", "dt", "DateTime",
        "dtz", "DateTime('Asia/Tokyo')", "level", "LowCardinality(String)", "lcn", "LowCardinality(Nullable(String))",
        "msg", "String", "fs", "FixedString(4)", "i8", "Int8", "i16", "Int16", "i32", "Int32", "i64", "Int64",
        "u8", "UInt8", "u16", "UInt16", "u32", "UInt32", "u64", "UInt64", "f32", "Float32", "f64", "Float64",
        "b", "Bool", "ns", "Nullable(String)", "ni", "Nullable(Int64)", "nts", "Nullable(DateTime64(6))");

    private static final String[] INPUT = {
        "{\"ts\":\"2262-04-11T23:47:16.854775807Z\",\"ts3\":\"2024-02-29T23:59:59.999+01:00\",\"ts0\":\"2024-01-01 00:00:00.9z\","
            + "\"dt\":\"2106-02-07T06:28:15Z\",\"dtz\":1714971289123,\"level\":\"INFO\",\"lcn\":\"x\","
            + "\"msg\":\"caf\u00e9 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \\u4e16 \\uD83D\\uDE00\",\"fs\":\"\u00e9\u00e9\","
            + "\"i8\":127,\"i16\":32767,\"i32\":2147483647,\"i64\":9223372036854775807,\"u8\":255,\"u16\":65535,"
            + "\"u32\":4294967295,\"u64\":18446744073709551615,\"f32\":3.5,\"f64\":0.1,\"b\":true,\"ns\":\"\",\"ni\":-1,"
            + "\"nts\":\"1969-12-31T23:59:59.999999Z\",\"unknown\":{\"deep\":[1,{\"x\":null}]}}",
        "{\"ts\":\"1677-09-21T00:12:43.145224192Z\",\"ts3\":0,\"ts0\":-1000,\"dt\":\"1970-01-01T00:00:00Z\",\"dtz\":0,"
            + "\"level\":\"\",\"lcn\":null,\"msg\":{\"raw\": [1, true]},\"fs\":\"abcd\",\"i8\":-128,\"i16\":-32768,"
            + "\"i32\":-2147483648,\"i64\":-9223372036854775808,\"u8\":0,\"u16\":0,\"u32\":0,\"u64\":0,"
            + "\"f32\":-1.25e-3,\"f64\":-1.7976931348623157e308,\"b\":false,\"ns\":null,\"ni\":null,\"nts\":null}",
        "{\"level\":\"WARN\"}"};

    private static final String[] EXPECTED = {
        "{\"ts\":\"2262-04-11T23:47:16.854775807Z\",\"ts3\":\"2024-02-29T22:59:59.999Z\",\"ts0\":\"2024-01-01T00:00:00Z\","
            + "\"dt\":\"2106-02-07T06:28:15Z\",\"dtz\":\"2024-05-06T04:54:49Z\",\"level\":\"INFO\",\"lcn\":\"x\","
            + "\"msg\":\"caf\u00e9 \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t \u4e16 \uD83D\uDE00\",\"fs\":\"\u00e9\u00e9\","
            + "\"i8\":127,\"i16\":32767,\"i32\":2147483647,\"i64\":\"9223372036854775807\",\"u8\":255,\"u16\":65535,"
            + "\"u32\":4294967295,\"u64\":\"18446744073709551615\",\"f32\":3.5,\"f64\":0.1,\"b\":true,\"ns\":\"\",\"ni\":\"-1\","
            + "\"nts\":\"1969-12-31T23:59:59.999999Z\"}",
        "{\"ts\":\"1677-09-21T00:12:43.145224192Z\",\"ts3\":\"1970-01-01T00:00:00.000Z\",\"ts0\":\"1969-12-31T23:59:59Z\","
            + "\"dt\":\"1970-01-01T00:00:00Z\",\"dtz\":\"1970-01-01T00:00:00Z\",\"level\":\"\",\"lcn\":null,"
            + "\"msg\":\"{\\\"raw\\\": [1, true]}\",\"fs\":\"abcd\",\"i8\":-128,\"i16\":-32768,\"i32\":-2147483648,"
            + "\"i64\":\"-9223372036854775808\",\"u8\":0,\"u16\":0,\"u32\":0,\"u64\":\"0\",\"f32\":-0.00125,"
            + "\"f64\":-1.7976931348623157e308,\"b\":false,\"ns\":null,\"ni\":null,\"nts\":null}",
        "{\"ts\":\"1970-01-01T00:00:00.000000000Z\",\"ts3\":\"1970-01-01T00:00:00.000Z\",\"ts0\":\"1970-01-01T00:00:00Z\","
            + "\"dt\":\"1970-01-01T00:00:00Z\",\"dtz\":\"1970-01-01T00:00:00Z\",\"level\":\"WARN\",\"lcn\":null,\"msg\":\"\","
            + "\"fs\":\"\\u0000\\u0000\\u0000\\u0000\",\"i8\":0,\"i16\":0,\"i32\":0,\"i64\":\"0\",\"u8\":0,\"u16\":0,\"u32\":0,"
            + "\"u64\":\"0\",\"f32\":0,\"f64\":0,\"b\":false,\"ns\":null,\"ni\":null,\"nts\":null}"};

    @Test
    void shouldDecodeEverySupportedTypeExactlyInModernClickHouse() throws Exception
    {
        final JsonRowEncoder encoder = new JsonRowEncoder(ColumnPlan.fromConfig(COLUMNS, Map.of(), false));
        final List<String> rows = decode(encodeAll(encoder, INPUT), schema(COLUMNS), "RowBinary");
        assertEquals(List.of(EXPECTED), rows);
    }

    @Test
    void shouldApplyServerDefaultsWithRowBinaryWithDefaults() throws Exception
    {
        final List<Column> columns = List.of(
            Rows.column("id", "UInt32"),
            Rows.columnWithDefault("host", "LowCardinality(String)", "'default-host'"),
            Rows.columnWithDefault("seen", "DateTime64(3)", "toDateTime64('2020-01-02 03:04:05.678', 3, 'UTC')"),
            Rows.column("note", "Nullable(String)"),
            Rows.column("level", "String"));
        final JsonRowEncoder encoder = new JsonRowEncoder(ColumnPlan.fromConfig(columns, Map.of(), true));
        final String schema = "id UInt32, host LowCardinality(String) DEFAULT 'default-host', "
            + "seen DateTime64(3) DEFAULT toDateTime64('2020-01-02 03:04:05.678', 3, 'UTC'), note Nullable(String), level String";
        final List<String> rows = decode(encodeAll(encoder,
            "{\"id\":1}", "{\"id\":2,\"host\":\"h2\",\"seen\":1,\"note\":\"n\",\"level\":\"E\"}", "{\"id\":3,\"host\":null}"),
            schema, "RowBinaryWithDefaults");
        assertEquals(List.of(
            "{\"id\":1,\"host\":\"default-host\",\"seen\":\"2020-01-02T03:04:05.678Z\",\"note\":null,\"level\":\"\"}",
            "{\"id\":2,\"host\":\"h2\",\"seen\":\"1970-01-01T00:00:00.001Z\",\"note\":\"n\",\"level\":\"E\"}",
            "{\"id\":3,\"host\":\"default-host\",\"seen\":\"2020-01-02T03:04:05.678Z\",\"note\":null,\"level\":\"\"}"), rows);
    }

    private static final List<Column> SCALARS = Rows.columns(
        "d", "Date", "d32", "Date32", "nd", "Nullable(Date32)", "u", "UUID", "nu", "Nullable(UUID)",
        "ip4", "IPv4", "ip6", "IPv6", "e8", "Enum8('a' = 1, 'it\\'s' = -128, 'caf\u00e9' = 127)",
        "e16", "Enum16('lo' = -32768, 'hi' = 32767)", "dec", "Decimal(9, 2)", "d64", "Nullable(Decimal64(4))",
        "d128", "Decimal128(10)", "d256", "Decimal(76, 20)", "i128", "Int128", "u128", "UInt128", "i256", "Int256",
        "u256", "UInt256", "ad", "Array(Nullable(Decimal(18, 3)))", "mu", "Map(String, UUID)", "ai", "Array(IPv6)",
        "me", "Map(LowCardinality(String), Enum8('x' = 0, 'y' = 1))");

    private static final String[] SCALAR_INPUT = {
        "{\"d\":\"2149-06-06\",\"d32\":\"2299-12-31\",\"nd\":\"2024-02-29\",\"u\":\"00112233-4455-6677-8899-AABBCCDDEEFF\","
            + "\"nu\":\"ffffffff-ffff-ffff-ffff-ffffffffffff\",\"ip4\":\"255.255.255.255\",\"ip6\":\"2001:DB8::8:800:200C:417A\","
            + "\"e8\":\"it's\",\"e16\":\"hi\",\"dec\":9999999.999,\"d64\":\"-1.5e3\",\"d128\":\"9999999999999999999999999999.9999999999\","
            + "\"d256\":-12345678901234567890123456789012345678901234567890123456.12345678901234567890,"
            + "\"i128\":-170141183460469231731687303715884105728,\"u128\":\"340282366920938463463374607431768211455\","
            + "\"i256\":57896044618658097711785492504343953926634992332820282019728792003956564819967,"
            + "\"u256\":115792089237316195423570985008687907853269984665640564039457584007913129639935,"
            + "\"ad\":[1.0005,null,-0.5e-1],\"mu\":{\"k\":\"123e4567-e89b-12d3-a456-426614174000\"},"
            + "\"ai\":[\"::\",\"1.2.3.4\",\"::ffff:1.2.3.4\",\"::1.2.3.4\",\"1:2:3:4:5:6:7::\"],\"me\":{\"a\":\"y\",\"b\":0}}",
        "{\"d\":0,\"d32\":-25567,\"nd\":null,\"u\":\"00000000-0000-0000-0000-000000000000\",\"nu\":null,\"ip4\":\"0.0.0.0\","
            + "\"ip6\":\"::1\",\"e8\":-128,\"e16\":-32768,\"dec\":\"-0.001\",\"d64\":null,\"d128\":-1e-10,\"d256\":0e5,"
            + "\"i128\":\"170141183460469231731687303715884105727\",\"u128\":0,"
            + "\"i256\":\"-57896044618658097711785492504343953926634992332820282019728792003956564819968\",\"u256\":-0}",
        "{}"};

    private static final String[] SCALAR_EXPECTED = {
        "{\"d\":\"2149-06-06\",\"d32\":\"2299-12-31\",\"nd\":\"2024-02-29\""
            + ",\"u\":\"00112233-4455-6677-8899-aabbccddeeff\",\"nu\":\"ffffffff-ffff-ffff-ffff-ffffffffffff\""
            + ",\"ip4\":\"255.255.255.255\",\"ip6\":\"2001:db8::8:800:200c:417a\",\"e8\":\"it's\",\"e16\":\"hi\""
            + ",\"dec\":\"9999999.99\",\"d64\":\"-1500.0000\",\"d128\":\"9999999999999999999999999999.9999999999\""
            + ",\"d256\":\"-12345678901234567890123456789012345678901234567890123456.12345678901234567890\""
            + ",\"i128\":\"-170141183460469231731687303715884105728\""
            + ",\"u128\":\"340282366920938463463374607431768211455\""
            + ",\"i256\":\"57896044618658097711785492504343953926634992332820282019728792003956564819967\""
            + ",\"u256\":\"115792089237316195423570985008687907853269984665640564039457584007913129639935\""
            + ",\"ad\":[\"1.000\",null,\"-0.050\"],\"mu\":{\"k\":\"123e4567-e89b-12d3-a456-426614174000\"}"
            + ",\"ai\":[\"::\",\"::ffff:1.2.3.4\",\"::ffff:1.2.3.4\",\"::1.2.3.4\",\"1:2:3:4:5:6:7:0\"]"
            + ",\"me\":{\"a\":\"y\",\"b\":\"x\"}}",
        "{\"d\":\"1970-01-01\",\"d32\":\"1900-01-01\",\"nd\":null"
            + ",\"u\":\"00000000-0000-0000-0000-000000000000\",\"nu\":null,\"ip4\":\"0.0.0.0\",\"ip6\":\"::1\""
            + ",\"e8\":\"it's\",\"e16\":\"lo\",\"dec\":\"0.00\",\"d64\":null,\"d128\":\"-0.0000000001\""
            + ",\"d256\":\"0.00000000000000000000\",\"i128\":\"170141183460469231731687303715884105727\""
            + ",\"u128\":\"0\""
            + ",\"i256\":\"-57896044618658097711785492504343953926634992332820282019728792003956564819968\""
            + ",\"u256\":\"0\",\"ad\":[],\"mu\":{},\"ai\":[],\"me\":{}}",
        "{\"d\":\"1970-01-01\",\"d32\":\"1900-01-01\",\"nd\":null"
            + ",\"u\":\"00000000-0000-0000-0000-000000000000\",\"nu\":null,\"ip4\":\"0.0.0.0\",\"ip6\":\"::\""
            + ",\"e8\":\"it's\",\"e16\":\"lo\",\"dec\":\"0.00\",\"d64\":null,\"d128\":\"0.0000000000\""
            + ",\"d256\":\"0.00000000000000000000\",\"i128\":\"0\",\"u128\":\"0\",\"i256\":\"0\",\"u256\":\"0\""
            + ",\"ad\":[],\"mu\":{},\"ai\":[],\"me\":{}}"};

    @Test
    void shouldDecodeTheScalarTypesOfClickHouse20AndLaterExactly() throws Exception
    {
        final JsonRowEncoder encoder = new JsonRowEncoder(ColumnPlan.fromConfig(SCALARS, Map.of(), false));
        final List<String> rows = decode(encodeAll(encoder, SCALAR_INPUT), schema(SCALARS), "RowBinary");
        assertEquals(List.of(SCALAR_EXPECTED), rows);
    }

    private Path encodeAll(final JsonRowEncoder encoder, final String... records) throws IOException
    {
        final RowBuffer out = new RowBuffer(256);
        for (final String record : records)
        {
            assertTrue(encoder.encode(Rows.event(record), out), () -> record + ": " + encoder.failure());
        }
        final Path file = dir.resolve("rows.bin");
        try (OutputStream stream = Files.newOutputStream(file))
        {
            out.writeTo(stream);
        }
        return file;
    }

    private static String schema(final List<Column> columns)
    {
        final StringJoiner schema = new StringJoiner(", ");
        columns.forEach(column -> schema.add(column.name() + " " + column.type()));
        return schema.toString();
    }

    private static List<String> decode(final Path file, final String schema, final String format) throws Exception
    {
        final String node = System.getenv().getOrDefault("NODE", "node");
        final Process process;
        try
        {
            process = new ProcessBuilder(node, TOOLS.resolve("decode.mjs").toString(), file.toString(), schema, format)
                .redirectErrorStream(true)
                .start();
        }
        catch (final IOException e)
        {
            throw new AssertionError("cannot run '" + node + "' (Node.js 18+ on the PATH, or set NODE): " + e.getMessage(), e);
        }
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "chdb did not finish in 120 s");
        assertEquals(0, process.exitValue(), () -> "chdb failed: " + output);
        final List<String> rows = new ArrayList<>();
        for (final String line : output.split("\n"))
        {
            if (!line.isBlank())
            {
                rows.add(line);
            }
        }
        return rows;
    }
}
