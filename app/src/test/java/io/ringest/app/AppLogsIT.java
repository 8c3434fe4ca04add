package io.ringest.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringest.engine.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's own-table example end to end on the real server: the 15-column table of
 * {@code config/app-logs-18.16.sql} (nested fields, arrays, a catch-all as two parallel arrays) fed through Kafka by
 * ringest with {@code config/app-logs.properties} as shipped; every stored row is compared with what Jackson reads from
 * its record, the catch-all with an independent flattening of the fields no column reads.
 */
class AppLogsIT
{
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 3_000;
    /** The paths the shipped mapping reads; everything else belongs in the catch-all. */
    private static final Set<List<String>> READ = Set.of(List.of("time"), List.of("level"), List.of("service"),
        List.of("resource", "host.name"), List.of("resource", "k8s", "pod"), List.of("http", "request", "method"),
        List.of("http", "request", "path"), List.of("http", "response", "status"),
        List.of("http", "response", "duration_ms"), List.of("user", "id"), List.of("tags"), List.of("retries"),
        List.of("msg"));

    private final String name = "applogs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    @AfterEach
    void dropTable() throws Exception
    {
        runner.shutdownNow();
        LocalStack.sql("DROP TABLE IF EXISTS " + name);
    }

    @Test
    void shouldStoreNestedFieldsArraysAndTheCatchAllAsTheJsonSays() throws Exception
    {
        final String ddl = Files.readString(ROOT.resolve("config/app-logs-18.16.sql"));
        LocalStack.sql(ddl.substring(ddl.indexOf("CREATE")).replace("app_logs", name).replace(";", ""));
        LocalStack.sql("ALTER TABLE " + name + " ADD COLUMN _partition UInt32, ADD COLUMN _offset UInt64");
        LocalStack.createTopic(name, 2);
        final Random random = new Random(11);
        final List<byte[]> keys = new ArrayList<>();
        final List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++)
        {
            keys.add(Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            values.add(JSON.writeValueAsBytes(log(random, i)));
        }
        final String[] landed = LocalStack.produce(name, keys, values);
        final Map<String, byte[]> byCoordinates = new HashMap<>();
        for (int i = 0; i < RECORDS; i++)
        {
            byCoordinates.put(landed[i], values.get(i));
        }

        final Ringest ringest = new Ringest();
        final RingestConfig config = RingestConfig.from(Settings.load(ROOT.resolve("config/app-logs.properties"), List.of(
            "kafka.bootstrap.servers=" + LocalStack.BOOTSTRAP, "kafka.topics=" + name, "kafka.group.id=" + name,
            "clickhouse.url=" + LocalStack.CLICKHOUSE, "clickhouse.table=" + name, "pipeline.linger=100ms",
            "metrics.dir=" + Path.of("target", name))));
        final Future<Integer> run = runner.submit(() -> ringest.runUntilStopped(config));
        LocalStack.waitFor(() -> committedToEnd(), 120);
        ringest.requestStop();
        assertEquals(0, run.get(90, TimeUnit.SECONDS));

        final String[] rows = LocalStack.sql("SELECT _partition, _offset, toUnixTimestamp(ts) AS ts, level, service, "
            + "host, pod, method, path, status, duration_ms, user_id, tags, retries, message, extra_keys, extra_values "
            + "FROM " + name + " FORMAT JSONEachRow").split("\n");
        assertEquals(RECORDS, rows.length);
        for (final String line : rows)
        {
            final ObjectNode row = (ObjectNode)JSON.readTree(line);
            row.put("duration_ms", row.get("duration_ms").asDouble());  // 0 and 0.0 are one Float64
            final String at = row.get("_partition").asText() + ":" + row.get("_offset").asText();
            final JsonNode log = JSON.readTree(byCoordinates.get(at));
            assertEquals(expected(log, row).toString(), row.toString(), "record " + at + ": " + log);
        }
    }

    private static ObjectNode log(final Random random, final int i)
    {
        final ObjectNode log = JSON.createObjectNode();
        log.put("time", Instant.ofEpochSecond(1_795_000_000L + i, random.nextInt(1_000_000_000)).toString());
        log.put("level", random.nextBoolean() ? "INFO" : "WARN");
        log.put("service", "svc-" + random.nextInt(4));
        final ObjectNode resource = log.putObject("resource");
        resource.put("host.name", "web-" + random.nextInt(9));
        resource.putObject("k8s").put("pod", "pod-" + random.nextInt(99)).put("node", "n-" + random.nextInt(3));
        final ObjectNode http = log.putObject("http");
        http.putObject("request").put("method", random.nextBoolean() ? "GET" : "POST").put("path", "/api/" + i);
        if (i % 7 != 0)
        {
            http.putObject("response").put("status", 200 + random.nextInt(400)).put("duration_ms", random.nextInt(100_000) / 4.0);
        }
        final ObjectNode user = log.putObject("user");
        if (i % 3 != 0)
        {
            user.put("id", random.nextInt(1_000_000));
        }
        user.put("name", random.nextBoolean() ? "Zo\u00eb" : "\u6e21\u8fba \"q\"");
        final ArrayNode tags = log.putArray("tags");
        for (int t = random.nextInt(3); t > 0; t--)
        {
            tags.add("t" + random.nextInt(5));
        }
        log.putArray("retries").add(random.nextInt(4)).add(random.nextInt(4));
        log.put("msg", "request " + i + " \u2014 done");
        if (i % 2 == 0)
        {
            log.put("region", "eu-" + random.nextInt(3));
            log.putObject("labels").put("team", "core").putObject("env").put("name", "prod");
        }
        if (i % 5 == 0)
        {
            log.putObject("empty");
        }
        return log;
    }

    private static ObjectNode expected(final JsonNode log, final JsonNode row)
    {
        final ObjectNode e = JSON.createObjectNode();
        e.set("_partition", row.get("_partition"));
        e.set("_offset", row.get("_offset"));
        e.put("ts", Instant.parse(log.get("time").asText()).getEpochSecond());
        e.put("level", log.path("level").asText(""));
        e.put("service", log.path("service").asText(""));
        e.put("host", log.path("resource").path("host.name").asText(""));
        e.put("pod", log.path("resource").path("k8s").path("pod").asText(""));
        e.put("method", log.path("http").path("request").path("method").asText(""));
        e.put("path", log.path("http").path("request").path("path").asText(""));
        e.put("status", log.path("http").path("response").path("status").asInt(0));
        e.put("duration_ms", log.path("http").path("response").path("duration_ms").asDouble(0));
        final JsonNode id = log.path("user").path("id");
        if (id.isMissingNode())
        {
            e.putNull("user_id");
        }
        else
        {
            e.put("user_id", id.asText());
        }
        e.set("tags", log.get("tags"));
        e.set("retries", log.get("retries"));
        e.put("message", log.path("msg").asText(""));
        final ArrayNode extraKeys = e.putArray("extra_keys");
        final ArrayNode extraValues = e.putArray("extra_values");
        CatchAll.flatten(log, READ, extraKeys, extraValues);
        return e;
    }

    private boolean committedToEnd()
    {
        return LocalStack.committedToEnd(name, 2, name);
    }
}
