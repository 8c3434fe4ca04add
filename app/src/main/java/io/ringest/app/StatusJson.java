package io.ringest.app;

import io.ringest.engine.PartitionTable;
import io.ringest.engine.Pipeline;
import io.ringest.engine.PipelineMetrics;
import io.ringest.kafka.KafkaIngest;

import java.time.Instant;
import java.util.List;

/**
 * The {@code /status} document: readiness, totals, the rows stored per second in the last progress intervals, latency, each stage's state, the partitions this process owns with
 * their committed offset, end offset and lag, the settings in force (secrets masked) and the last warnings and errors.
 * Reads the counters the components keep at request time; called by the HTTP server's threads.
 */
final class StatusJson
{
    private final Pipeline pipeline;
    private final PipelineMetrics metrics;
    private final PartitionTable partitions;
    private final KafkaIngest ingest;
    private final List<String> routes;
    private final CumulativeHistogram latency;
    private final RateHistory rates;
    private final HealthCheck health;
    private final SettingsInForce settings;
    private final RecentErrors errors;
    private final Instant started = Instant.now();

    StatusJson(
        final Pipeline pipeline, final KafkaIngest ingest, final List<String> routes, final CumulativeHistogram latency,
        final RateHistory rates, final HealthCheck health, final SettingsInForce settings, final RecentErrors errors)
    {
        this.rates = rates;
        this.pipeline = pipeline;
        this.metrics = pipeline.metrics();
        this.partitions = pipeline.partitions();
        this.ingest = ingest;
        this.routes = routes;
        this.latency = latency;
        this.health = health;
        this.settings = settings;
        this.errors = errors;
    }

    String render()
    {
        final JsonWriter json = new JsonWriter().beginObject()
            .field("time", Instant.now().toString()).field("started", started.toString());
        final HealthCheck.Verdict live = health.live();
        final HealthCheck.Verdict ready = health.ready();
        json.field("live", live.ok()).field("ready", ready.ok()).field("readiness", ready.why());
        totals(json.name("totals"));
        json.name("storedPerSecond").beginArray();
        for (final double rate : rates.last())
        {
            json.value(Math.round(rate));
        }
        json.endArray();
        json.name("latencyMs").beginObject().field("p50", latency.valueAtPercentile(50))
            .field("p99", latency.valueAtPercentile(99)).field("max", latency.maxValue()).field("rows", latency.count()).endObject();
        stages(json.name("stages"));
        routes(json.name("routes"));
        partitions(json.name("partitions"));
        json.name("settings").beginObject();
        settings.masked().forEach(json::field);
        json.endObject().name("errors").beginArray();
        for (final RecentErrors.Entry entry : errors.last())
        {
            json.beginObject().field("time", entry.time().toString()).field("message", entry.message()).endObject();
        }
        return json.endArray().endObject().toString();
    }

    private void totals(final JsonWriter json)
    {
        json.beginObject()
            .field("polled", ingest.polled())
            .field("stored", metrics.rowsInserted.get())
            .field("deadLetters", metrics.deadLetters.get())
            .field("insertsAcknowledged", metrics.insertsAcknowledged.get())
            .field("insertRetries", metrics.insertRetries.get())
            .field("insertSplits", metrics.insertSplits.get())
            .field("refusedRows", metrics.refusedRows.get())
            .field("sentBytes", metrics.bytesSent.get())
            .field("backoffSeconds", metrics.backoffNanos.get() / 1e9)
            .endObject();
    }

    private void stages(final JsonWriter json)
    {
        final String failure = health.failure();
        json.beginObject().name("pollers").beginArray();
        for (int p = 0; p < ingest.pollerCount(); p++)
        {
            json.beginObject().field("name", "kafka-poller-" + p).field("assignments", ingest.assignments(p)).endObject();
        }
        json.endArray()
            .name("ring").beginObject().field("used", pipeline.ringFill()).field("slots", pipeline.config().ringSize()).endObject()
            .field("batchesInFlight", pipeline.batchesInFlight())
            .field("batchSlots", pipeline.config().batchSlots())
            .field("writers", pipeline.config().writers())
            .name("breakers").beginObject()
            .field("window", pipeline.config().breakerWindow()).field("percent", pipeline.config().breakerPercent())
            .field("tripped", failure != null && failure.contains("breaker tripped"))
            .endObject()
            .field("failure", failure)
            .endObject();
    }

    private void routes(final JsonWriter json)
    {
        json.beginArray();
        for (int r = 0; r < routes.size(); r++)
        {
            json.beginObject().field("name", routes.get(r)).field("stored", metrics.storedByRoute.get(r))
                .field("deadLetters", metrics.deadLettersByRoute.get(r))
                .field("refusedInBreakerWindow", pipeline.refusedInBreakerWindow(r)).endObject();
        }
        json.endArray();
    }

    /** The partitions a poller of this process owns now. */
    private void partitions(final JsonWriter json)
    {
        json.beginArray();
        partitions.forEach((i, topic, partition) ->
        {
            if (ingest.owned(i))
            {
                json.beginObject().field("topic", topic).field("partition", partition)
                    .field("committed", ingest.committed(i)).field("end", ingest.endOffset(i)).field("lag", ingest.lag(i))
                    .field("polled", ingest.polled(i)).field("stored", metrics.storedByPartition.get(i))
                    .field("deadLetters", metrics.deadLettersByPartition.get(i)).endObject();
            }
        });
        json.endArray();
    }
}
