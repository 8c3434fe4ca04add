package io.ringest.app;

import io.ringest.engine.Settings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * One ringest with {@code pipeline.max.partitions=4} moves through ten topics of four partitions, one topic at a time:
 * its subscription lists them all, each is created (a metadata refresh every 500 ms finds it and the group assigns
 * its partitions), filled, stored and committed to its end, then deleted (the group revokes its partitions), so the
 * partitions of every topic after the first take the indexes of the one before; ringest stops while it owns the last.
 * The topics hold fewer records each time, so a committed offset carried over from an index's previous partition
 * would show. Against the real Kafka broker and ClickHouse server of {@code scripts/stack.sh}.
 */
class PartitionReuseIT
{
    private static final int TOPICS = 10;
    private static final int PARTITIONS = 4;

    private final String name = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    private static long records(final int topic)
    {
        return 3000 - 200L * topic;
    }

    private String topic(final int k)
    {
        return name + "_t" + k;
    }

    @AfterEach
    void dropTableAndTopics() throws Exception
    {
        runner.shutdownNow();
        LocalStack.sql("DROP TABLE IF EXISTS " + name);
        try (Admin admin = LocalStack.admin())
        {
            final List<String> ours = admin.listTopics().names().get().stream().filter(t -> t.startsWith(name)).toList();
            admin.deleteTopics(ours).all().get();
        }
    }

    @Test
    void shouldStoreEveryRecordOnceThroughTenTimesMaxPartitionsPartitions() throws Exception
    {
        LocalStack.sql(String.format(TestLogs.TABLE_DDL, name));
        final int port = freePort();
        final Ringest ringest = new Ringest();
        final List<String> settings = new ArrayList<>(List.of(
            "kafka.bootstrap.servers=" + LocalStack.BOOTSTRAP,
            "kafka.topics=" + IntStream.range(0, TOPICS).mapToObj(this::topic).collect(Collectors.joining(",")),
            "kafka.group.id=" + name,
            "kafka.metadata.max.age.ms=500",
            "kafka.allow.auto.create.topics=false",
            "kafka.commit.interval=200ms",
            "clickhouse.url=" + LocalStack.CLICKHOUSE,
            "clickhouse.table=" + name,
            "pipeline.max.partitions=" + PARTITIONS,
            "pipeline.batch.rows=1000",
            "pipeline.linger=50ms",
            "metrics.http.port=" + port,
            "metrics.dir=" + Path.of("target", name)));
        settings.addAll(TestLogs.MAPPING);
        final RingestConfig config = RingestConfig.from(Settings.load(null, settings));
        final Future<Integer> run = runner.submit(() -> ringest.runUntilStopped(config));

        long total = 0;
        for (int k = 0; k < TOPICS; k++)
        {
            final String topic = topic(k);
            LocalStack.createTopic(topic, PARTITIONS);
            TestLogs.produce(topic, total, total + records(k), false);
            total += records(k);
            final long expected = total;
            LocalStack.waitFor(() -> run.isDone() || count() >= expected, 30);
            LocalStack.waitFor(() -> run.isDone() || committedToEnd(topic), 30);
            assertFalse(run.isDone(), "ringest stopped at topic " + k);
            if (k < TOPICS - 1)
            {
                try (Admin admin = LocalStack.admin())
                {
                    admin.deleteTopics(List.of(topic)).all().get();
                }
            }
        }
        final Map<String, Long> storedByTopic = scrape(port, "ringest_records_stored_total");
        ringest.requestStop();
        assertEquals(0, run.get(60, TimeUnit.SECONDS));

        assertEquals(total, count(), "rows");
        assertEquals(total + "\t0\t" + (total - 1),
            LocalStack.sql("SELECT uniqExact(seq), min(seq), max(seq) FROM " + name).trim(), "distinct seqs, lowest, highest");
        final Map<String, Long> expected = new HashMap<>();
        for (int k = 0; k < TOPICS; k++)
        {
            expected.put(topic(k), records(k));
        }
        assertEquals(expected, storedByTopic, "ringest_records_stored per topic, after every index was reused");
    }

    /** Whether the group committed every partition of {@code topic} to its end offset. */
    private boolean committedToEnd(final String topic)
    {
        try
        {
            final Map<TopicPartition, Long> committed = LocalStack.committed(name).entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic)).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            return LocalStack.endOffsets(topic, PARTITIONS).equals(committed);
        }
        catch (final Exception e)
        {
            throw new AssertionError(e);
        }
    }

    private long count()
    {
        return LocalStack.rows(name);
    }

    /** The per-topic values of counter {@code metric} on ringest's /metrics, for this test's topics. */
    private Map<String, Long> scrape(final int port, final String metric) throws Exception
    {
        final String body = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        final String prefix = metric + "{topic=\"";
        return body.lines().filter(line -> line.startsWith(prefix + name)).collect(Collectors.toMap(
            line -> line.substring(prefix.length(), line.indexOf('"', prefix.length())),
            line -> (long)Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))));
    }

    private static int freePort() throws Exception
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
