package io.ringest.app;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringest.clickhouse.ClickHouseConfig;
import io.ringest.clickhouse.TableSchemaReader;
import io.ringest.engine.Settings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's routes example end to end on the real server, with {@code config/two-routes.sql} and
 * {@code config/two-routes.properties} as shipped (only names made unique): topic app-logs split by its field kind
 * between service_logs and audit_events, topic audit into audit_events, its records of another kind dead-lettered. A
 * first run in a JVM of its own, committing nothing ({@code kafka.commit.interval=10m}), is killed -9 mid-stream; a
 * second run in this one starts from the same (absent) commit. Then every offset of both topics must be in exactly one
 * place (one table, or a dead-letter topic), every row as Jackson reads its record, and the two sample records of the
 * README must have landed as the README says.
 */
class TwoRoutesIT
{
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int APP_RECORDS = 12_000;
    private static final int AUDIT_RECORDS = 4_000;

    private final String name = "routes_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String appTopic = name + "_app";
    private final String auditTopic = name + "_audit";
    private final String serviceLogs = name + "_service_logs";
    private final String auditEvents = name + "_audit_events";
    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    /** The record at each {@code topic:partition:offset}. */
    private final Map<String, JsonNode> records = new HashMap<>();

    @AfterEach
    void dropTables() throws Exception
    {
        runner.shutdownNow();
        LocalStack.sql("DROP TABLE IF EXISTS " + serviceLogs);
        LocalStack.sql("DROP TABLE IF EXISTS " + auditEvents);
    }

    @Test
    void shouldRouteEveryRecordToOneTableOrTheDeadLetterTopicExactlyOnceAcrossAKill() throws Exception
    {
        final String ddl = Files.readString(ROOT.resolve("config/two-routes.sql"));
        for (final String statement : ddl.split(";"))
        {
            if (statement.contains("CREATE"))
            {
                LocalStack.sql(statement.substring(statement.indexOf("CREATE")).replace("service_logs", serviceLogs)
                    .replace("audit_events", auditEvents));
            }
        }
        LocalStack.createTopic(appTopic, 3);
        LocalStack.createTopic(auditTopic, 2);
        produce();

        final Process first = firstRun();
        LocalStack.waitFor(() -> rows() >= expectedRows() / 3 || !first.isAlive(), 120);
        assertTrue(first.isAlive(), "the first run ended by itself; see target/" + name + "-1.log");
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertEquals(Map.of(), LocalStack.committed(name), "the first run committed nothing");
        final long beforeRestart = rows();

        final Ringest second = new Ringest();
        final RingestConfig config = RingestConfig.from(Settings.load(ROOT.resolve("config/two-routes.properties"),
            overrides("metrics.dir=" + Path.of("target", name + "-2"))));
        final Future<Integer> run = runner.submit(() -> second.runUntilStopped(config));
        LocalStack.waitFor(this::committedToEnd, 120);
        second.requestStop();
        assertEquals(0, run.get(90, TimeUnit.SECONDS));

        System.out.println("rows stored by the killed run: " + beforeRestart + " of " + expectedRows());
        final Set<String> stored = new HashSet<>();
        checkRows(serviceLogs, "ts, level, service, host, pod, path, status, duration_ms, user_id, message", stored);
        checkRows(auditEvents, "ts, actor, source_ip, action, target, outcome", stored);
        checkDeadLetters(stored);
        assertEquals(records.keySet(), stored, "every record in exactly one table or dead-letter topic");
        checkSamples();
        checkLandedRowsOfARouteToken(config);
    }

    private void produce() throws Exception
    {
        final TwoRoutesRecords generator = new TwoRoutesRecords();
        final List<byte[]> app = new ArrayList<>(List.of(TwoRoutesRecords.SAMPLE_LOG.getBytes(StandardCharsets.UTF_8),
            TwoRoutesRecords.SAMPLE_AUDIT.getBytes(StandardCharsets.UTF_8)));
        for (int i = 2; i < APP_RECORDS; i++)
        {
            app.add(JSON.writeValueAsBytes(generator.appTopic(i)));
        }
        final List<byte[]> audit = new ArrayList<>();
        for (int i = 0; i < AUDIT_RECORDS; i++)
        {
            audit.add(JSON.writeValueAsBytes(generator.auditTopic(i)));
        }
        produce(appTopic, app);
        produce(auditTopic, audit);
    }

    private void produce(final String topic, final List<byte[]> values) throws Exception
    {
        final List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < values.size(); i++)
        {
            keys.add(Integer.toString(i).getBytes(StandardCharsets.UTF_8));
        }
        final String[] landed = LocalStack.produce(topic, keys, values);
        for (int i = 0; i < values.size(); i++)
        {
            records.put(topic + ":" + landed[i], JSON.readTree(values.get(i)));
        }
    }

    /** ringest's Main in a JVM of its own, as shipped but for names, committing nothing. */
    private Process firstRun() throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
            System.getProperty("java.class.path"), Main.class.getName(),
            "--config", ROOT.resolve("config/two-routes.properties").toString()));
        command.addAll(overrides("metrics.dir=" + Path.of("target", name + "-1"), "kafka.commit.interval=10m"));
        final File log = Files.createDirectories(Path.of("target")).resolve(name + "-1.log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private List<String> overrides(final String... more)
    {
        final List<String> overrides = new ArrayList<>(List.of(
            "kafka.bootstrap.servers=" + LocalStack.BOOTSTRAP, "clickhouse.url=" + LocalStack.CLICKHOUSE,
            "kafka.group.id=" + name, "route.app.topics=" + appTopic, "route.app.table=" + serviceLogs,
            "route.audit.topics=" + appTopic + "," + auditTopic, "route.audit.table=" + auditEvents,
            "pipeline.batch.rows=1000", "pipeline.linger=100ms", "kafka.session.timeout.ms=6000"));
        overrides.addAll(List.of(more));
        return overrides;
    }

    /** Each row once, equal to what Jackson reads from its record, of a record that belongs in this table. */
    private void checkRows(final String table, final String columns, final Set<String> stored) throws Exception
    {
        final boolean audit = table.equals(auditEvents);
        final String body = LocalStack.sql("SELECT _topic, _partition, _offset, " + columns.replace("ts", "toUnixTimestamp(ts) AS ts")
            + ", extra_keys, extra_values FROM " + table + " FORMAT JSONEachRow");
        for (final String line : body.split("\n"))
        {
            final ObjectNode row = (ObjectNode)JSON.readTree(line);
            final String at = row.get("_topic").asText() + ":" + row.get("_partition").asText() + ":" + row.get("_offset").asText();
            assertTrue(stored.add(at), at + " is stored twice");
            final JsonNode record = records.get(at);
            assertEquals(audit, TwoRoutesRecords.isAudit(record), table + " holds " + at + ": " + record);
            if (!audit)
            {
                row.put("duration_ms", row.get("duration_ms").asDouble());
            }
            final ObjectNode expected = audit ? TwoRoutesRecords.auditRow(record, row) : TwoRoutesRecords.serviceLogRow(record, row);
            assertEquals(expected.toString(), row.toString(), "record " + at + ": " + record);
        }
    }

    /** Each refused record once in its topic's dead-letter topic, with the route and a reason naming the field. */
    private void checkDeadLetters(final Set<String> stored)
    {
        for (final String topic : List.of(appTopic, auditTopic))
        {
            final long expected = records.entrySet().stream()
                .filter(e -> e.getKey().startsWith(topic + ":") && isDeadLetter(topic, e.getValue())).count();
            final List<ConsumerRecord<byte[], byte[]>> letters = LocalStack.readAll(topic + ".dlq", expected);
            assertEquals(expected, letters.size(), topic + ".dlq");
            for (final ConsumerRecord<byte[], byte[]> letter : letters)
            {
                final String at = LocalStack.header(letter, "ringest.source.topic") + ":"
                    + LocalStack.header(letter, "ringest.source.partition") + ":" + LocalStack.header(letter, "ringest.source.offset");
                assertTrue(stored.add(at), at + " is both stored and dead-lettered, or dead-lettered twice");
                final JsonNode record = records.get(at);
                assertTrue(isDeadLetter(topic, record), at + " was dead-lettered: " + record);
                assertEquals(record, readTree(letter.value()));
                final String reason = LocalStack.header(letter, "ringest.error");
                final String route = LocalStack.header(letter, "ringest.route");
                if (TwoRoutesRecords.lacksRequired(record) && (topic.equals(appTopic) || TwoRoutesRecords.isAudit(record)))
                {
                    assertEquals(TwoRoutesRecords.isAudit(record) ? "audit" : "app", route, reason);
                    assertEquals(route.equals("audit") ? "route audit: field 'action': required but missing"
                        : "route app: field 'time' (column 'ts'): required but missing", reason);
                }
                else
                {
                    assertEquals("", route, reason);
                    final String kind = record.has("kind") ? "which is '" + record.get("kind").asText() + "'" : "which is absent";
                    assertEquals("no route takes it: topic '" + auditTopic + "' is routed by field 'kind' "
                        + "(route.audit.when=kind=audit), " + kind, reason);
                }
            }
        }
    }

    private static boolean isDeadLetter(final String topic, final JsonNode record)
    {
        final boolean routed = TwoRoutesRecords.isAudit(record) || !topic.endsWith("_audit");
        return !routed || TwoRoutesRecords.lacksRequired(record);
    }

    /** The README's two sample records, as the README shows their rows. */
    private void checkSamples() throws Exception
    {
        final String[] log = coordinatesOf(TwoRoutesRecords.SAMPLE_LOG);
        final String[] audit = coordinatesOf(TwoRoutesRecords.SAMPLE_AUDIT);
        assertEquals("2026-11-30 06:01:02\tWARN\tcheckout\tweb-1\tcheckout-7d9\t/api/cart\t503\t812.25\t42\tupstream timeout\t"
                + "['resource.k8s.node','http.request.method','user.name','region']\t['n-3','POST','Zoe','eu-1']\n",
            LocalStack.sql("SELECT toString(ts, 'UTC'), level, service, host, pod, path, status, duration_ms, user_id, message, "
                + "extra_keys, extra_values FROM " + serviceLogs + " WHERE _topic = '" + log[0] + "' AND _partition = " + log[1]
                + " AND _offset = " + log[2]));
        assertEquals("2026-11-30 06:01:03\tu-42\t10.0.0.7\trole.grant\tadmin\tsuccess\t['kind','service','object.type']\t"
                + "['audit','iam','role']\n",
            LocalStack.sql("SELECT toString(ts, 'UTC'), actor, source_ip, action, target, outcome, extra_keys, extra_values FROM "
                + auditEvents + " WHERE _topic = '" + audit[0] + "' AND _partition = " + audit[1] + " AND _offset = " + audit[2]));
    }

    /** A writer's check for rows an unanswered insert left reads a token that names its route. */
    private void checkLandedRowsOfARouteToken(final RingestConfig config) throws Exception
    {
        final ClickHouseConfig audit = config.routes().get(1).clickhouse(config.clickhouse());
        try (Client client = audit.newClient(1))
        {
            final long landed = new TableSchemaReader(audit, client).landedRows(
                "route=audit " + appTopic + "-0:0-1000000 " + auditTopic + "-1:5-500");
            assertEquals(LocalStack.sql("SELECT count() FROM " + auditEvents + " WHERE _topic = '" + appTopic
                + "' AND _partition = 0 OR _topic = '" + auditTopic + "' AND _partition = 1 AND _offset BETWEEN 5 AND 500").trim(),
                Long.toString(landed));
            assertTrue(landed > 0);
        }
    }

    /** Topic, partition and offset of the record produced as {@code sample}. */
    private String[] coordinatesOf(final String sample) throws Exception
    {
        final JsonNode node = JSON.readTree(sample);
        return records.entrySet().stream().filter(e -> e.getValue().equals(node)).map(e -> e.getKey().split(":"))
            .findFirst().orElseThrow();
    }

    private static JsonNode readTree(final byte[] value)
    {
        try
        {
            return JSON.readTree(value);
        }
        catch (final Exception e)
        {
            throw new AssertionError(e);
        }
    }

    private long expectedRows()
    {
        return records.entrySet().stream().filter(e -> !isDeadLetter(e.getKey().substring(0, e.getKey().indexOf(':')), e.getValue()))
            .count();
    }

    private long rows()
    {
        try
        {
            return LocalStack.count(serviceLogs) + LocalStack.count(auditEvents);
        }
        catch (final Exception e)
        {
            throw new AssertionError(e);
        }
    }

    private boolean committedToEnd()
    {
        try
        {
            final Map<TopicPartition, Long> ends = new HashMap<>(LocalStack.endOffsets(appTopic, 3));
            ends.putAll(LocalStack.endOffsets(auditTopic, 2));
            return ends.equals(LocalStack.committed(name));
        }
        catch (final Exception e)
        {
            throw new AssertionError(e);
        }
    }
}
