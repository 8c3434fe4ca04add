package io.ringest.app;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import io.ringest.engine.PartitionTable;
import io.ringest.engine.Pipeline;
import io.ringest.engine.PipelineMetrics;
import io.ringest.kafka.KafkaIngest;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.DoubleSupplier;
import java.util.function.IntToLongFunction;
import java.util.function.Supplier;

/**
 * What the Prometheus {@code /metrics} endpoint serves: callbacks that read the pipeline's and the pollers' counters at scrape
 * time, so nothing is counted twice and the hot path never touches the client library. Scrapes run on the
 * exporter's own threads; the names are listed in the README ("Prometheus metrics").
 */
final class PrometheusMetrics
{
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Pipeline pipeline;
    private final KafkaIngest ingest;
    private final PipelineMetrics metrics;
    private final PartitionTable partitions;
    private final List<String> routes;
    private final CumulativeHistogram insertDuration = new CumulativeHistogram("ringest_insert_duration_seconds",
        "Duration of one insert request to ClickHouse, retries and the halves of a split each counted", 1e-6);
    private Histogram insertInterval;

    PrometheusMetrics(final Pipeline pipeline, final KafkaIngest ingest, final List<String> routes, final CumulativeHistogram latency)
    {
        this.pipeline = pipeline;
        this.ingest = ingest;
        this.metrics = pipeline.metrics();
        this.partitions = pipeline.partitions();
        this.routes = routes;
        registerRecords();
        registerInserts();
        registerKafka();
        gauge("ringest_ring_used_slots", "Records published to the record ring and not yet taken into a batch", pipeline::ringFill);
        gauge("ringest_ring_slots", "Slots of the record ring (pipeline.ring.size)", () -> pipeline.config().ringSize());
        gauge("ringest_batches_in_flight", "Batches handed to the writers and not yet through the offset tracker",
            pipeline::batchesInFlight);
        registry.register(latency::snapshot);
        registry.register(this::insertDurationSnapshot);
        JvmMetrics.builder().register(registry);
    }

    /** What {@code /metrics} serves; {@link StatusServer} owns the HTTP server. */
    PrometheusRegistry registry()
    {
        return registry;
    }

    private void registerRecords()
    {
        perTopic("ringest_records_polled", "Records taken from Kafka and published to the ring", ingest::polledByTopic);
        perTopic("ringest_records_skipped", "Records skipped because the table or the dead-letter topic already held them",
            ingest::skippedByTopic);
        perTopic("ringest_records_stored", "Rows ClickHouse acknowledged", metrics.storedByPartition::byTopic);
        perTopic("ringest_records_dead_lettered", "Records sent to the dead-letter topic", metrics.deadLettersByPartition::byTopic);
        perRoute("ringest_route_records_stored", "Rows ClickHouse acknowledged, per route", metrics.storedByRoute);
        perRoute("ringest_route_records_dead_lettered", "Dead letters that name the route (rows its table refused, "
            + "records it could not encode)", metrics.deadLettersByRoute);
        GaugeWithCallback.builder().name("ringest_breaker_refused_rows").help("Rows the route's table refused among the "
            + "last dlq.breaker.window sent to it; above dlq.breaker.percent of the window the breaker trips and ringest stops")
            .labelNames("route").callback(cb ->
            {
                for (int r = 0; r < routes.size(); r++)
                {
                    cb.call(pipeline.refusedInBreakerWindow(r), routes.get(r));
                }
            }).register(registry);
    }

    private void registerInserts()
    {
        CounterWithCallback.builder().name("ringest_inserts").help("Insert requests by outcome: ok (acknowledged), "
            + "retried (a transient failure, sent again), split (refused, halved to find the rows at fault)")
            .labelNames("outcome").callback(cb ->
            {
                cb.call(metrics.insertsAcknowledged.get(), "ok");
                cb.call(metrics.insertRetries.get(), "retried");
                cb.call(metrics.insertSplits.get(), "split");
            }).register(registry);
        counter("ringest_insert_refused_rows", "Rows the table refused one by one, each dead-lettered", null,
            metrics.refusedRows::get);
        counter("ringest_backoff_seconds", "Time writers waited between attempts", Unit.SECONDS,
            () -> metrics.backoffNanos.get() / 1e9);
        counter("ringest_clickhouse_sent_bytes", "RowBinary bytes sent in insert requests, every attempt counted", Unit.BYTES,
            metrics.bytesSent::get);
    }

    private void registerKafka()
    {
        perPartition("ringest_kafka_lag_records", "Records in Kafka after the owning poller's position, as of its last poll",
            ingest::lag);
        perPartition("ringest_kafka_committed_offset", "The offset committed for the partition: every record below it is stored",
            ingest::committed);
        CounterWithCallback.builder().name("ringest_kafka_assignments")
            .help("Partition assignments a poller received: one per rebalance it took part in").labelNames("poller")
            .callback(cb ->
            {
                for (int p = 0; p < ingest.pollerCount(); p++)
                {
                    cb.call(ingest.assignments(p), Integer.toString(p));
                }
            }).register(registry);
    }

    private synchronized HistogramSnapshot insertDurationSnapshot()
    {
        insertInterval = metrics.insertMicros.getIntervalHistogram(insertInterval);
        insertDuration.add(insertInterval);
        return insertDuration.snapshot();
    }

    /** A counter per topic; its partitions' counts include those of partitions whose index was reused since. */
    private void perTopic(final String name, final String help, final Supplier<Map<String, Long>> byTopic)
    {
        CounterWithCallback.builder().name(name).help(help + ", per topic").labelNames("topic")
            .callback(cb -> byTopic.get().forEach((topic, value) -> cb.call(value, topic))).register(registry);
    }

    /**
     * A gauge per partition that has an index, left out where the value is -1 (unknown). Read under the table's lock,
     * as an index freed meanwhile is reset before it takes another partition's name.
     */
    private void perPartition(final String name, final String help, final IntToLongFunction byPartition)
    {
        GaugeWithCallback.builder().name(name).help(help).labelNames("topic", "partition").callback(cb ->
            partitions.forEach((index, topic, partition) ->
            {
                final long value = byPartition.applyAsLong(index);
                if (value >= 0)
                {
                    cb.call(value, topic, Integer.toString(partition));
                }
            })).register(registry);
    }

    private void perRoute(final String name, final String help, final AtomicLongArray byRoute)
    {
        CounterWithCallback.builder().name(name).help(help).labelNames("route").callback(cb ->
        {
            for (int r = 0; r < routes.size(); r++)
            {
                cb.call(byRoute.get(r), routes.get(r));
            }
        }).register(registry);
    }

    private void counter(final String name, final String help, final Unit unit, final DoubleSupplier value)
    {
        final CounterWithCallback.Builder builder = CounterWithCallback.builder().name(name).help(help)
            .callback(cb -> cb.call(value.getAsDouble()));
        if (unit != null)
        {
            builder.unit(unit);
        }
        builder.register(registry);
    }

    private void gauge(final String name, final String help, final DoubleSupplier value)
    {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(registry);
    }
}
