package io.ringest.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The release archive as a user gets it: unpacked with {@code tar} into a temporary directory, its {@code bin/ringest}
 * started through a symlink from another directory with a properties file of the test's own, against the local stack
 * ({@code RINGEST_KAFKA_BOOTSTRAP}, {@code RINGEST_CLICKHOUSE_URL}); every record must land once, SIGTERM must end it
 * with exit 0, and neither stdout nor stderr may carry a JVM warning.
 */
@Timeout(300)
class ArchiveIT
{
    private static final int RECORDS = 20_000;
    private static final int PARTITIONS = 3;
    private static final String VERSION_DIR = "ringest-";

    @TempDir
    Path dir;

    @Test
    void shouldIngestEveryRecordOnceAndStopCleanlyOnSigterm() throws Exception
    {
        final Path home = unpack();
        final String name = "archive_it_" + System.currentTimeMillis();
        final String topic = name.replace('_', '-');
        createTopics(topic, topic + ".dlq");
        final String ddl = Files.readString(home.resolve("config/logs-18.16.sql"))
            .replace("CREATE TABLE IF NOT EXISTS logs", "CREATE TABLE " + name)
            .replace("    message     String\n", "    message     String,\n    _topic String, _partition Int32, _offset Int64\n");
        Stack.sql(ddl);
        final long statusSum = produce(topic);

        final Path config = dir.resolve("archive-it.properties");
        Files.writeString(config, String.join("\n",
            "kafka.bootstrap.servers=" + Stack.BOOTSTRAP,
            "kafka.topics=" + topic,
            "kafka.group.id=" + name,
            "clickhouse.url=" + Stack.CLICKHOUSE,
            "clickhouse.table=" + name,
            "metrics.dir=metrics",
            ""));
        final Path link = Files.createDirectories(dir.resolve("elsewhere")).resolve("ringest");
        Files.createSymbolicLink(link, home.resolve("bin/ringest"));
        final Path work = Files.createDirectories(dir.resolve("work"));
        final Path out = dir.resolve("stdout.log");
        final Path err = dir.resolve("stderr.log");
        final ProcessBuilder launch = new ProcessBuilder(link.toString(), "--config", config.toString())
            .directory(work.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        launch.environment().remove("JAVA_OPTS"); // the shipped jvm.options alone
        final Process ringest = launch.start();
        try
        {
            waitForRows(name, ringest, err);
            ringest.destroy(); // SIGTERM, to the JVM itself: bin/ringest execs java
            assertTrue(ringest.waitFor(90, TimeUnit.SECONDS), "ringest did not stop within 90 s of SIGTERM");
        }
        finally
        {
            ringest.destroyForcibly();
        }
        final String logs = Files.readString(out) + Files.readString(err);
        assertEquals(0, ringest.exitValue(), "exit code after SIGTERM; logs:\n" + logs);
        final List<String> jvmWarnings = logs.lines()
            .filter(line -> line.contains("[warning]") || line.contains("[error]") || line.contains("VM warning")
                || line.startsWith("WARNING:"))
            .collect(Collectors.toList());
        assertEquals(List.of(), jvmWarnings, "JVM warnings on stdout or stderr");
        assertTrue(Files.exists(work.resolve("metrics/summary.properties")), "metrics.dir is relative to the working directory");

        assertEquals(RECORDS + "\t" + RECORDS + "\t" + RECORDS + "\t" + statusSum, Stack.sql(
            "SELECT count(), uniqExact(_topic, _partition, _offset), uniqExact(message), sum(status) FROM " + name).trim());
        Stack.sql("DROP TABLE " + name);
    }

    @Test
    void shouldGiveTheDrainMoreTimeThanItsTimeoutBeforeSystemdKills() throws Exception
    {
        final Path home = unpack();
        final Properties config = new Properties();
        try (var in = Files.newInputStream(home.resolve("config/ringest.properties")))
        {
            config.load(in);
        }
        final Map<String, String> unit = Files.readAllLines(home.resolve("systemd/ringest.service")).stream()
            .filter(line -> line.matches("^[A-Za-z]+=.*"))
            .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')), line -> line.substring(line.indexOf('=') + 1)));
        assertEquals("SIGTERM", unit.get("KillSignal"));
        assertEquals("on-failure", unit.get("Restart"));
        assertTrue(unit.containsKey("User") && unit.containsKey("LimitNOFILE"), "User and LimitNOFILE: " + unit);
        assertTrue(unit.get("ExecStart").contains("/bin/ringest --config "), unit.get("ExecStart"));
        assertTrue(seconds(unit.get("TimeoutStopSec")) > seconds(config.getProperty("pipeline.shutdown.timeout")),
            "TimeoutStopSec " + unit.get("TimeoutStopSec") + " vs pipeline.shutdown.timeout " + config.getProperty("pipeline.shutdown.timeout"));
        assertTrue(Files.isExecutable(home.resolve("bin/ringest")), "bin/ringest is executable");
        assertTrue(Files.isRegularFile(home.resolve("jvm.options")) && Files.isRegularFile(home.resolve("README")));
        try (JarFile jar = new JarFile(home.resolve("lib/ringest.jar").toFile()))
        {
            assertTrue(jar.getEntry("io/ringest/app/Main.class") != null, "lib/ringest.jar holds the ingestor");
            assertEquals(List.of(), jar.stream().map(JarEntry::getName)
                .filter(entry -> entry.startsWith("org/knowm/xchart/") || entry.startsWith("io/ringest/devtools/"))
                .limit(3).collect(Collectors.toList()), "the ingestor's jar holds no tools and no XChart");
        }
    }

    /**
     * bin/ringest logs text by config/logback.xml (edited, the edit shows), JSON lines by config/logback-json.xml with
     * RINGEST_LOG_FORMAT=json, and refuses another format; shown with a configuration error, which needs no stack.
     */
    @Test
    void shouldLogTextOrJsonLinesAsRingestLogFormatSays() throws Exception
    {
        final Path home = unpack();
        assertTrue(Files.isRegularFile(home.resolve("config/logback.xml")));
        assertTrue(Files.isRegularFile(home.resolve("config/logback-json.xml")));
        final String missing = dir.resolve("missing.properties").toString();
        final List<String> text = launch(home, "text", missing);
        assertEquals(1, text.size(), String.join("\n", text));
        assertTrue(text.get(0).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ringest: ERROR --config "
            + Pattern.quote(missing) + ": no such readable file"), text.get(0));
        final Path textConfig = home.resolve("config/logback.xml");
        Files.writeString(textConfig, Files.readString(textConfig).replace("'ringest'", "'edited'"));
        assertTrue(launch(home, "text", missing).get(0).contains(" edited: ERROR --config "), "config/logback.xml is read");
        final List<String> json = launch(home, "json", missing);
        assertEquals(1, json.size(), String.join("\n", json));
        final JsonNode line = new ObjectMapper().readTree(json.get(0));
        assertEquals("ERROR", line.get("level").asText());
        assertEquals("io.ringest", line.get("loggerName").asText());
        assertEquals("--config " + missing + ": no such readable file", line.get("formattedMessage").asText());
        assertEquals(List.of("ringest: RINGEST_LOG_FORMAT must be text or json, got 'xml'"), launch(home, "xml", missing));
    }

    /** Runs bin/ringest --config {@code config} with RINGEST_LOG_FORMAT={@code format}; expects exit code 2, returns what it printed. */
    private List<String> launch(final Path home, final String format, final String config) throws Exception
    {
        final Path out = dir.resolve("launch-" + format + ".log");
        final ProcessBuilder launch = new ProcessBuilder(home.resolve("bin/ringest").toString(), "--config", config)
            .redirectErrorStream(true).redirectOutput(out.toFile());
        launch.environment().remove("JAVA_OPTS");
        launch.environment().put("RINGEST_LOG_FORMAT", format);
        final Process ringest = launch.start();
        assertTrue(ringest.waitFor(60, TimeUnit.SECONDS), "bin/ringest did not exit within 60 s");
        assertEquals(2, ringest.exitValue(), Files.readString(out));
        return Files.readAllLines(out);
    }

    /** Unpacks the archive with tar, as a user would; returns its single top directory. */
    private Path unpack() throws IOException, InterruptedException
    {
        final Path archive = Path.of(System.getProperty("ringest.archive", "target/ringest.tar.gz"));
        assertTrue(Files.isRegularFile(archive), "no archive at " + archive + ": mvn package builds it");
        final Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", dir.toString()).inheritIO().start();
        assertEquals(0, tar.waitFor(), "tar -xzf " + archive);
        try (var entries = Files.list(dir))
        {
            final List<Path> top = entries.filter(p -> p.getFileName().toString().startsWith(VERSION_DIR)).collect(Collectors.toList());
            assertEquals(1, top.size(), "one ringest-<version>/ directory: " + top);
            return top.get(0);
        }
    }

    private static long seconds(final String duration)
    {
        assertTrue(duration.matches("\\d+s"), "a duration in whole seconds like 90s, got " + duration);
        return Long.parseLong(duration.substring(0, duration.length() - 1));
    }

    private static void createTopics(final String... topics) throws Exception
    {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.BOOTSTRAP)))
        {
            admin.createTopics(List.of(new NewTopic(topics[0], PARTITIONS, (short) 1), new NewTopic(topics[1], 1, (short) 1)))
                .all().get(60, TimeUnit.SECONDS);
        }
    }

    /** Produces {@link #RECORDS} logs with distinct messages, acknowledged; returns the sum of their status fields. */
    private static long produce(final String topic) throws Exception
    {
        long statusSum = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.BOOTSTRAP, ProducerConfig.ACKS_CONFIG, "all"),
            new ByteArraySerializer(), new ByteArraySerializer()))
        {
            for (int i = 0; i < RECORDS; i++)
            {
                final int status = 200 + i % 400;
                statusSum += status;
                final String json = "{\"timestamp\":\"2026-11-30T09:" + String.format("%02d:%02d", i / 60 % 60, i % 60)
                    + "Z\",\"level\":\"INFO\",\"service\":\"archive-it\",\"status\":" + status
                    + ",\"durationMs\":1.5,\"message\":\"record " + i + "\"}";
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, json.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        return statusSum;
    }

    private static void waitForRows(final String table, final Process ringest, final Path err) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        long rows = 0;
        while (System.nanoTime() < deadline)
        {
            assertTrue(ringest.isAlive(), "ringest exited with " + (ringest.isAlive() ? "" : ringest.exitValue())
                + " before all rows landed: " + Files.readString(err));
            rows = Long.parseLong(Stack.sql("SELECT uniqExact(_topic, _partition, _offset) FROM " + table).trim());
            if (rows >= RECORDS)
            {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(rows + " of " + RECORDS + " rows after 180 s: " + Files.readString(err));
    }
}
