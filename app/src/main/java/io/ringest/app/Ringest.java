package io.ringest.app;

import io.ringest.engine.Pipeline;
import io.ringest.engine.PipelineFailure;
import io.ringest.engine.Route;
import io.ringest.kafka.KafkaDeadLetterSink;
import io.ringest.kafka.KafkaIngest;
import sun.misc.Signal;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Wires Kafka, the pipeline and ClickHouse, runs them until a stop is asked for or something fails, then
 * stops in this order: pollers stop publishing; the pipeline flushes the ring and waits for the inserts;
 * pollers commit what was stored and close; writers and the dead-letter producer close; metrics are written and the
 * HTTP server (metrics, status page, probes) closes.
 */
public final class Ringest
{
    /** How many of the last warnings and errors {@code /status} shows. */
    private static final int RECENT_ERRORS = 50;
    /** How many progress intervals of throughput the status page draws. */
    private static final int RATE_HISTORY = 120;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    /** Runs until SIGTERM/SIGINT or a failure; returns the exit code: 0 after a clean stop, 1 otherwise. */
    public static int run(final RingestConfig config)
    {
        final Ringest ringest = new Ringest();
        Signal.handle(new Signal("TERM"), signal -> ringest.requestStop());
        Signal.handle(new Signal("INT"), signal -> ringest.requestStop());
        try
        {
            return ringest.runUntilStopped(config);
        }
        catch (final Exception e)
        {
            log("ERROR " + explain(e));
            return 1;
        }
    }

    public void requestStop()
    {
        if (stopRequested.getCount() == 0)
        {
            log("second stop signal: exiting at once; what was not committed will be read again");
            Runtime.getRuntime().halt(130);
        }
        stopRequested.countDown();
    }

    int runUntilStopped(final RingestConfig config) throws Exception
    {
        log(config.settings().logBlock());
        final RecentErrors errors = new RecentErrors(RECENT_ERRORS);
        final Consumer<String> log = errors.recording(Ringest::log);
        final PipelineFailure failure = new PipelineFailure(log);
        final RouteTables tables = RouteTables.open(config, log);
        final Pipeline pipeline = new Pipeline(config.pipeline(), tables.router(), tables.routes(),
            new KafkaDeadLetterSink(config.kafka(), log), failure, "clickhouse-writer");
        final KafkaIngest ingest = new KafkaIngest(config.kafka(), topic -> RouteSettings.topicKey(config.routes(), topic),
            pipeline, tables.storedRecords(), tables.recordParts(), failure);
        final CumulativeHistogram latency = new CumulativeHistogram("ringest_latency_seconds",
            "End-to-end latency per row, Kafka record timestamp to ClickHouse acknowledgement", 1e-3);
        final RateHistory rates = new RateHistory(RATE_HISTORY);
        final ProgressReporter reporter =
            new ProgressReporter(pipeline, ingest, tables.absentFields(), config.metrics(), latency, rates);
        final List<String> routes = tables.routes().stream().map(Route::name).toList();
        final PrometheusMetrics prometheus = new PrometheusMetrics(pipeline, ingest, routes, latency);
        final HealthCheck health = new HealthCheck(failure, ingest, pipeline.partitions(), new ClickHouseProbe(pipeline.metrics(),
            tables::ping, System::nanoTime, ClickHouseProbe.INTERVAL_NANOS), config.kafka().groupId());
        final StatusServer server = new StatusServer(prometheus.registry(),
            new StatusPages(health, new StatusJson(pipeline, ingest, routes, latency, rates, health, config.settings(), errors)));
        log("reading " + config.kafka().topics() + " from " + config.kafka().connection() + " as group " +
            config.kafka().groupId() + " into " + tables);
        serve(server, config.metrics(), log);
        pipeline.start();
        ingest.start();
        reporter.start();
        health.running(true);

        while (!stopRequested.await(200, TimeUnit.MILLISECONDS) && !failure.isFailed())
        {
            continue;
        }
        health.running(false);
        log("stopping: flushing the ring and waiting for inserts");
        ingest.stopPublishing();
        final boolean stored = failure.isFailed() ? abort(pipeline) : pipeline.drain(config.pipeline().shutdownNanos());
        ingest.finish();
        pipeline.close();
        reporter.close();
        server.close();
        tables.close();
        log(stored ? "stopped cleanly: every row read was stored and committed" : "stopped with failures: " + failure.reason());
        return stored ? 0 : 1;
    }

    /** Binds the HTTP server unless turned off; a port taken costs the endpoints, not the ingestion. */
    private static void serve(final StatusServer server, final MetricsConfig metrics, final Consumer<String> log)
    {
        if (metrics.httpEnabled())
        {
            final String where = metrics.httpHost() + ":" + metrics.httpPort();
            final String failed = server.start(metrics.httpHost(), metrics.httpPort());
            log.accept(failed == null ? "status page on http://" + where + "/, metrics on /metrics, probes on /health/live and "
                + "/health/ready"
                : "WARN no /metrics, status page or probes: metrics.http.host:metrics.http.port " + where
                + " cannot be bound (" + failed + "); set another port, or 0 for none");
        }
    }

    private static boolean abort(final Pipeline pipeline)
    {
        pipeline.abort();
        return false;
    }

    /** The message followed by each cause: Kafka's "Failed to construct kafka consumer" says why only in a cause. */
    static String explain(final Throwable thrown)
    {
        final StringBuilder sb = new StringBuilder(String.valueOf(thrown.getMessage()));
        Throwable t = thrown;
        for (int i = 0; i < 16 && t.getCause() != null && t.getCause() != t; i++)
        {
            t = t.getCause();
            sb.append(" <- ").append(t);
        }
        return sb.toString();
    }

    static void log(final String message)
    {
        RingestLog.log(message);
    }
}
