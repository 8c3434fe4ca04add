package io.ringest.app;

import io.ringest.engine.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real Prometheus scrapes ringest's {@code /metrics} every second while it ingests from the real Kafka into the real
 * ClickHouse: the totals Prometheus holds are compared with {@code count()} in ClickHouse and the end offsets in Kafka.
 */
class PrometheusIT
{
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 120_000;
    private final String name = "it_prom_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    @TempDir
    Path dir;

    @AfterEach
    void dropTable() throws Exception
    {
        runner.shutdownNow();
        LocalStack.sql("DROP TABLE IF EXISTS " + name);
    }

    @Test
    void shouldLetPrometheusScrapeTheStoredTotalThatClickHouseCounts() throws Exception
    {
        LocalStack.createTopic(name, PARTITIONS);
        LocalStack.sql(String.format(TestLogs.TABLE_DDL, name));
        final int port = PrometheusServer.freePort();
        final Ringest ringest = new Ringest();
        final RingestConfig config = RingestConfig.from(Settings.load(null, List.of(
            "kafka.bootstrap.servers=" + LocalStack.BOOTSTRAP, "kafka.topics=" + name, "kafka.group.id=" + name,
            "clickhouse.url=" + LocalStack.CLICKHOUSE, "clickhouse.table=" + name, "encode.required=timestamp,message",
            "pipeline.batch.rows=5000", "pipeline.linger=100ms", "metrics.dir=" + dir.resolve("metrics"),
            "metrics.http.host=127.0.0.1", "metrics.http.port=" + port)));
        final Future<Integer> run = runner.submit(() -> ringest.runUntilStopped(config));
        final String topic = "{topic=\"" + name + "\"}";
        try (PrometheusServer prometheus = new PrometheusServer(dir, "127.0.0.1:" + port))
        {
            LocalStack.waitFor(() -> query(prometheus, "up{job=\"ringest\"}") == 1, 60);
            double fastest = 0;
            for (int part = 0; part < 4; part++)
            {
                TestLogs.produce(name, part * (RECORDS / 4), (part + 1) * (RECORDS / 4), part == 3);
                fastest = Math.max(fastest, orZero(prometheus.query("rate(ringest_records_stored_total" + topic + "[5s])")));
            }
            final long malformed = RECORDS / 4 / 100;
            LocalStack.waitFor(() -> count() >= RECORDS - malformed && committedToEnd(), 120);
            for (int i = 0; i < 10 && fastest == 0; i++, Thread.sleep(500))
            {
                fastest = Math.max(fastest, orZero(prometheus.query("rate(ringest_records_stored_total" + topic + "[5s])")));
            }
            final long stored = LocalStack.count(name);
            LocalStack.waitFor(() -> query(prometheus, "ringest_records_stored_total" + topic) == stored
                && query(prometheus, "sum(ringest_kafka_committed_offset" + topic + ")") == RECORDS
                // The latency histogram takes in each progress interval (metrics.interval) as it ends.
                && query(prometheus, "ringest_latency_seconds_count") == stored, 30);

            assertEquals(RECORDS - malformed, stored, "ClickHouse count()");
            assertEquals(stored, prometheus.query("ringest_records_stored_total" + topic));
            assertEquals(stored, prometheus.query("sum(ringest_route_records_stored_total)"));
            assertEquals(RECORDS, prometheus.query("ringest_records_polled_total" + topic));
            assertEquals(malformed, prometheus.query("ringest_records_dead_lettered_total" + topic));
            assertEquals(stored, prometheus.query("ringest_latency_seconds_count"));
            final Map<?, Long> ends = LocalStack.endOffsets(name, PARTITIONS);
            assertEquals(ends.values().stream().mapToLong(Long::longValue).sum(),
                prometheus.query("sum(ringest_kafka_committed_offset" + topic + ")"));
            assertEquals(0, prometheus.query("max(ringest_kafka_lag_records" + topic + ")"));
            assertEquals(PARTITIONS, prometheus.query("count(ringest_kafka_lag_records" + topic + ")"));
            assertTrue(prometheus.query("ringest_inserts_total{outcome=\"ok\"}") >= stored / 5000.0);
            assertTrue(prometheus.query("ringest_insert_duration_seconds_count") >= prometheus.query("ringest_inserts_total{outcome=\"ok\"}"));
            assertTrue(prometheus.query("ringest_clickhouse_sent_bytes_total") > stored * 10);
            assertTrue(prometheus.query("sum(jvm_memory_used_bytes)") > 0);
            assertEquals(0, prometheus.query("ringest_records_skipped_total" + topic));
            assertEquals(0, prometheus.query("ringest_insert_refused_rows_total"));
            assertEquals(0, prometheus.query("ringest_breaker_refused_rows{route=\"default\"}"));
            assertTrue(prometheus.query("ringest_backoff_seconds_total") >= 0);
            assertTrue(prometheus.query("ringest_route_records_dead_lettered_total{route=\"default\"}") >= 0);
            assertEquals(0, prometheus.query("ringest_batches_in_flight"));
            assertTrue(prometheus.query("ringest_ring_slots") >= prometheus.query("ringest_ring_used_slots"));
            assertTrue(prometheus.query("sum(ringest_kafka_assignments_total)") >= 1);
            assertTrue(prometheus.query("sum(jvm_gc_collection_seconds_count)") >= 0);
            assertTrue(fastest > 0, "Prometheus saw ringest storing records while they were produced");
            System.out.printf("Prometheus: stored rate up to %.0f/s, total %d = ClickHouse count()%n", fastest, stored);
        }
        finally
        {
            ringest.requestStop();
            assertEquals(0, run.get(90, TimeUnit.SECONDS));
        }
    }

    private static double orZero(final double value)
    {
        return Double.isNaN(value) ? 0 : value;
    }

    private static double query(final PrometheusServer prometheus, final String promql)
    {
        try
        {
            return prometheus.query(promql);
        }
        catch (final InterruptedException e)
        {
            throw new AssertionError(e);
        }
    }

    private long count()
    {
        return LocalStack.rows(name);
    }

    private boolean committedToEnd()
    {
        return LocalStack.committedToEnd(name, PARTITIONS, name);
    }
}
