package io.ringest.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A broker that cannot be reached and a topic that does not exist, as a new user meets them: {@link Main} in a JVM of
 * its own with the shipped Logback configuration, its stderr read from a file as it grows. Each gets one line naming the
 * setting instead of the Kafka client's warnings many times a second, and ringest keeps waiting: a broker that comes up
 * later and a topic created later are read.
 * Each run's output stays in {@code target/kafka-absent-it/}.
 */
@Timeout(300)
class KafkaAbsentIT
{
    private static final Path CONFIG = Path.of("..").toAbsolutePath().normalize().resolve("config");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 1_000;

    private final String name = "absent_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final Path log = Path.of("target", "kafka-absent-it", name + ".log");
    private Process ringest;

    @TempDir
    Path metrics;

    @AfterEach
    void stop() throws Exception
    {
        if (ringest != null)
        {
            ringest.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        LocalStack.sql("DROP TABLE IF EXISTS " + name);
    }

    /**
     * JSON lines (config/logback-json.xml): every line is a JSON object; one says what was tried, few others; once the
     * broker is reachable on that address (a forwarder to the local broker starts there) the pollers are assigned.
     */
    @Test
    void shouldSayOnceInJsonThatNoBrokerAnswersAndReadOnceOneDoes() throws Exception
    {
        LocalStack.createTopic(name, 2);
        final int port = LoopbackForward.freePort();
        start(CONFIG.resolve("logback-json.xml"), "kafka.bootstrap.servers=127.0.0.1:" + port, "kafka.topics=" + name,
            "clickhouse.database=system", "clickhouse.table=one");
        final String said = "no broker of kafka.bootstrap.servers=127.0.0.1:" + port + " over PLAINTEXT answered within "
            + "10 s; ringest keeps trying and reads once one does";
        LocalStack.waitFor(() -> messages().contains("WARN io.ringest " + said) || !ringest.isAlive(), 60);
        assertTrue(ringest.isAlive(), "ringest ended; it should wait for the broker");
        Thread.sleep(15_000);
        assertTrue(ringest.isAlive(), "ringest ended; it should wait for the broker");
        // The settings in force (one event of many lines) name every key once; the progress lines are left out.
        final List<String> events = messages().stream().filter(m -> !m.startsWith("INFO io.ringest.progress ")
            && !m.startsWith("INFO io.ringest settings in force")).toList();
        assertEquals(1, events.stream().filter(m -> m.contains("kafka.bootstrap.servers")).count(), String.join("\n", events));
        assertTrue(events.size() <= 4, "at most the two start-up lines and the one line; got:\n" + String.join("\n", events));

        try (LoopbackForward broker = LoopbackForward.start(port, Integer.parseInt(LocalStack.BOOTSTRAP.replaceAll(".*:", ""))))
        {
            LocalStack.waitFor(() -> messages().contains("INFO io.ringest Kafka at kafka.bootstrap.servers=127.0.0.1:" + port
                + " over PLAINTEXT answers now"), 60);
            LocalStack.waitFor(() -> messages().stream().anyMatch(m -> m.matches("INFO io.ringest kafka-poller-. assigned \\[.+\\]")), 60);
            ringest.destroy();
            assertEquals(0, exit(), "exit code after SIGTERM");
        }
        final List<String> all = messages();
        assertEquals("INFO io.ringest stopped cleanly: every row read was stored and committed", all.get(all.size() - 1));
    }

    /** Text lines (config/logback.xml): the missing topic and its setting, then, created and written to, its records stored. */
    @Test
    void shouldSayOnceThatATopicIsMissingAndReadItOnceCreated() throws Exception
    {
        LocalStack.sql(String.format(TestLogs.TABLE_DDL, name));
        start(CONFIG.resolve("logback.xml"), "kafka.bootstrap.servers=" + LocalStack.BOOTSTRAP, "kafka.topics=" + name,
            "clickhouse.url=" + LocalStack.CLICKHOUSE, "clickhouse.table=" + name, "mapping.resource_id=resourceId",
            "mapping.trace_id=traceId", "mapping.duration_ms=durationMs", "mapping.user_id=userId",
            "encode.required=timestamp,message", "pipeline.linger=100ms");
        final String said = " ringest: WARN topic '" + name + "' of kafka.topics does not exist at kafka.bootstrap.servers="
            + LocalStack.BOOTSTRAP + " over PLAINTEXT; ringest waits and reads it once created";
        LocalStack.waitFor(() -> lines().stream().anyMatch(line -> line.endsWith(said)) || !ringest.isAlive(), 60);
        assertTrue(ringest.isAlive(), "ringest ended; it should wait for the topic");
        Thread.sleep(6_000);
        assertEquals(1, lines().stream().filter(line -> line.contains("' of kafka.topics does not exist")).count(), log());

        LocalStack.createTopic(name, 2);
        final List<byte[]> keys = new ArrayList<>();
        final List<byte[]> values = new ArrayList<>();
        for (int seq = 0; seq < RECORDS; seq++)
        {
            keys.add(Integer.toString(seq).getBytes(StandardCharsets.UTF_8));
            values.add(TestLogs.json(seq, false).getBytes(StandardCharsets.UTF_8));
        }
        LocalStack.produce(name, keys, values);
        LocalStack.waitFor(() -> rows() == RECORDS || !ringest.isAlive(), 120);
        LocalStack.waitFor(() -> lines().stream().anyMatch(line -> line.endsWith(" ringest: every topic to read exists now")), 30);
        ringest.destroy();
        assertEquals(0, exit(), "exit code after SIGTERM");
        assertEquals(RECORDS, rows());
        assertEquals(RECORDS, Long.parseLong(LocalStack.sql("SELECT uniqExact(seq) FROM " + name).trim()));
        assertEquals(List.of(), lines().stream().filter(line -> line.contains("NetworkClient")).toList());
    }

    /** Starts Main with {@code logback} and {@code settings}, its stdout and stderr going to {@link #log}. */
    private void start(final Path logback, final String... settings) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
            "kafka.group.id=" + name, "pipeline.ring.size=1024", "pipeline.batch.bytes=1MiB", "metrics.http.port=0",
            "metrics.dir=" + metrics));
        command.addAll(List.of(settings));
        Files.createDirectories(log.getParent());
        ringest = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The complete lines ringest wrote so far. */
    private List<String> lines()
    {
        try
        {
            final String text = Files.readString(log);
            return text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line as "LEVEL logger message", each parsed by Jackson; fails on a line that is not a JSON object. */
    private List<String> messages()
    {
        final List<String> messages = new ArrayList<>();
        for (final String line : lines())
        {
            try
            {
                final JsonNode json = JSON.readTree(line);
                assertTrue(json.isObject() && json.get("timestamp").isNumber(), line);
                messages.add(json.get("level").asText() + " " + json.get("loggerName").asText() + " "
                    + json.get("formattedMessage").asText());
            }
            catch (final IOException e)
            {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }
        return messages;
    }

    private int exit() throws InterruptedException
    {
        assertTrue(ringest.waitFor(90, TimeUnit.SECONDS), "ringest did not stop within 90 s of SIGTERM");
        return ringest.exitValue();
    }

    private long rows()
    {
        try
        {
            return LocalStack.count(name);
        }
        catch (final IOException | InterruptedException e)
        {
            throw new IllegalStateException(e);
        }
    }

    private String log()
    {
        return lines().stream().filter(line -> !line.contains("logs/s |")).collect(Collectors.joining("\n"));
    }
}
