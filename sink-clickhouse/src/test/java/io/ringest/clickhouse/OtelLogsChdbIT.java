package io.ringest.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringest.clickhouse.encode.Column;
import io.ringest.clickhouse.encode.ColumnPlan;
import io.ringest.clickhouse.encode.JsonRowEncoder;
import io.ringest.clickhouse.encode.Rows;
import io.ringest.engine.RowBuffer;
import io.ringest.engine.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenTelemetry logs table, {@code config/otel-logs.sql} verbatim, inside a ClickHouse 26 engine (chdb): its
 * columns are read with DESCRIBE TABLE as ringest reads them, {@code config/otel-logs.properties} maps realistic JSON
 * logs onto them, ringest's encoder writes the batch as RowBinaryWithDefaults, the table takes it with
 * {@code INSERT ... FORMAT RowBinaryWithDefaults}, and every stored row, the DEFAULT column included, is compared with
 * what the JSON says (read with Jackson). Needs node and {@code npm install --prefix tools/chdb}.
 */
class OtelLogsChdbIT
{
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter NANOS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
        .withZone(java.time.ZoneOffset.UTC);
    private static final String[] SEVERITIES = {"TRACE", "DEBUG", "INFO", "INFO", "INFO", "WARN", "ERROR", "FATAL"};
    private static final int[] SEVERITY_NUMBERS = {1, 5, 9, 9, 9, 13, 17, 21};

    @TempDir
    Path dir;

    @Test
    void shouldStoreEveryLogInTheOtelTableAsTheJsonSays() throws Exception
    {
        final String ddl = Files.readString(ROOT.resolve("config/otel-logs.sql"));
        final List<Column> columns = describe(ddl);
        final Map<String, String> mapping = ColumnPlan.config(
            Settings.load(ROOT.resolve("config/otel-logs.properties"), List.of()));
        final JsonRowEncoder encoder = new JsonRowEncoder(ColumnPlan.fromConfig(columns, mapping, true));

        final List<String> logs = logs(new Random(7), 500);
        final RowBuffer out = new RowBuffer(1 << 16);
        for (final String log : logs)
        {
            assertTrue(encoder.encode(Rows.event(log), out), () -> log + ": " + encoder.failure());
        }
        final Path rows = dir.resolve("otel.bin");
        try (OutputStream stream = Files.newOutputStream(rows))
        {
            out.writeTo(stream);
        }
        final String stored = run(ddl + "\nINSERT INTO otel_logs FROM INFILE '" + rows + "' FORMAT RowBinaryWithDefaults;\n"
            + "SELECT * FROM otel_logs ORDER BY Timestamp FORMAT JSONEachRow SETTINGS date_time_output_format = 'iso';");

        final List<JsonNode> expected = new ArrayList<>();
        for (final String log : logs)
        {
            expected.add(expectedRow(JSON.readTree(log)));
        }
        expected.sort((a, b) -> a.get("Timestamp").asText().compareTo(b.get("Timestamp").asText()));
        final List<JsonNode> actual = new ArrayList<>();
        for (final String line : stored.split("\n"))
        {
            actual.add(JSON.readTree(line));
        }
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++)
        {
            assertEquals(expected.get(i), actual.get(i), "row " + i);
        }
    }

    /** Realistic logs as an application or collector sends them: nested attribute objects, dotted keys, numbers. */
    private static List<String> logs(final Random random, final int count) throws IOException
    {
        final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
        final List<String> logs = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final Instant time = base.plusNanos(i * 1_000_003_917L + random.nextInt(1000));
            final ObjectNode log = JSON.createObjectNode();
            if (i % 4 == 0)
            {
                log.put("timestamp", BigInteger.valueOf(time.getEpochSecond()).multiply(BigInteger.valueOf(1_000_000_000))
                    .add(BigInteger.valueOf(time.getNano())));
            }
            else
            {
                log.put("timestamp", NANOS.format(time));
            }
            if (i % 5 != 0)
            {
                log.put("trace_id", String.format("%016x%016x", random.nextLong(), random.nextLong()));
                log.put("span_id", String.format("%016x", random.nextLong()));
                log.put("trace_flags", 1);
            }
            final int severity = random.nextInt(SEVERITIES.length);
            log.put("severity", SEVERITIES[severity]);
            log.put("severity_number", SEVERITY_NUMBERS[severity]);
            log.put("service", "svc-" + random.nextInt(5));
            log.put("body", "GET /api/v1/items/" + i + " took " + random.nextInt(900) + " ms \u2014 caf\u00e9 \"q\" \\ \ud83d\ude00");
            final ObjectNode resource = log.putObject("resource");
            resource.put("host.name", "web-" + random.nextInt(3));
            resource.put("k8s.pod.name", "checkout-" + Integer.toHexString(random.nextInt(4096)));
            if (i % 3 == 0)
            {
                log.put("scope_name", "io.opentelemetry.checkout");
                log.put("scope_version", "1." + random.nextInt(4) + ".0");
                log.putObject("scope_attributes").put("telemetry.sdk", "java");
            }
            final ObjectNode attributes = log.putObject("attributes");
            attributes.put("http.status_code", random.nextBoolean() ? 200 : 502);
            attributes.put("http.route", "/api/v1/items/{id}");
            attributes.put("retry", random.nextBoolean());
            attributes.put("user.name", random.nextBoolean() ? "Zo\u00eb" : "\u6e21\u8fba");
            logs.add(JSON.writeValueAsString(log));
        }
        return logs;
    }

    /** The row the table should hold: the mapped fields, empty strings and maps where absent, TimestampTime its DEFAULT. */
    private static JsonNode expectedRow(final JsonNode log)
    {
        final JsonNode time = log.get("timestamp");
        final Instant instant = time.isNumber()
            ? Instant.ofEpochSecond(0, 0).plusNanos(time.bigIntegerValue().longValueExact())
            : Instant.parse(time.asText());
        final ObjectNode row = JSON.createObjectNode();
        row.put("Timestamp", NANOS.format(instant));
        row.put("TimestampTime", instant.truncatedTo(ChronoUnit.SECONDS).toString());
        row.put("TraceId", text(log, "trace_id"));
        row.put("SpanId", text(log, "span_id"));
        row.put("TraceFlags", log.path("trace_flags").asInt(0));
        row.put("SeverityText", text(log, "severity"));
        row.put("SeverityNumber", log.path("severity_number").asInt(0));
        row.put("ServiceName", text(log, "service"));
        row.put("Body", text(log, "body"));
        row.put("ResourceSchemaUrl", "");
        row.set("ResourceAttributes", asTextMap(log.get("resource")));
        row.put("ScopeSchemaUrl", "");
        row.put("ScopeName", text(log, "scope_name"));
        row.put("ScopeVersion", text(log, "scope_version"));
        row.set("ScopeAttributes", asTextMap(log.get("scope_attributes")));
        row.set("LogAttributes", asTextMap(log.get("attributes")));
        return row;
    }

    private static String text(final JsonNode log, final String field)
    {
        return log.path(field).asText("");
    }

    /** A JSON object as Map(String, String) holds it: strings as they are, other values as their JSON text. */
    private static ObjectNode asTextMap(final JsonNode object)
    {
        final ObjectNode map = JSON.createObjectNode();
        if (object != null)
        {
            for (final Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); )
            {
                final Map.Entry<String, JsonNode> field = it.next();
                map.put(field.getKey(), field.getValue().isTextual() ? field.getValue().asText() : field.getValue().toString());
            }
        }
        return map;
    }

    /** The table's columns as DESCRIBE TABLE gives them, from chdb. */
    private List<Column> describe(final String ddl) throws Exception
    {
        final List<Column> columns = new ArrayList<>();
        for (final String line : run(ddl + "\nDESCRIBE TABLE otel_logs;").split("\n"))
        {
            final String[] cells = line.split("\t", -1);
            columns.add(new Column(cells[0], cells[1], cells[2], cells[3]));
        }
        return columns;
    }

    /** Runs the statements in one chdb session ({@code tools/chdb/session.mjs}) and returns what the last one printed. */
    private String run(final String sql) throws Exception
    {
        final Path tools = ROOT.resolve("tools").resolve("chdb");
        assertTrue(Files.isDirectory(tools.resolve("node_modules").resolve("chdb")),
            "chdb is not installed in " + tools + ": run `npm install --prefix tools/chdb` from the repository root");
        final Path file = Files.createTempFile(dir, "session", ".sql");
        Files.writeString(file, sql);
        final Process process = new ProcessBuilder(System.getenv().getOrDefault("NODE", "node"),
            tools.resolve("session.mjs").toString(), file.toString()).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "chdb did not finish in 120 s");
        assertEquals(0, process.exitValue(), () -> "chdb failed: " + output);
        return output.strip();
    }
}
