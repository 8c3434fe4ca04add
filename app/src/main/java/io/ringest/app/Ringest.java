package io.ringest.app;

import io.ringest.engine.Pipeline;
import io.ringest.engine.PipelineFailure;
import io.ringest.engine.Route;
import io.ringest.kafka.KafkaDeadLetterSink;
import io.ringest.kafka.KafkaIngest;
import sun.misc.Signal;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Wires Kafka, the pipeline and ClickHouse, runs them until a stop is asked for or something fails, then
 * stops in this order: pollers stop publishing; the pipeline flushes the ring and waits for the inserts;
 * pollers commit what was stored and close; writers and the dead-letter producer close; metrics are written and the
 * metrics endpoint closes.
 */
public final class Ringest
{
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
        final PipelineFailure failure = new PipelineFailure(Ringest::log);
        final RouteTables tables = RouteTables.open(config, Ringest::log);
        final Pipeline pipeline = new Pipeline(config.pipeline(), tables.router(), tables.routes(),
            new KafkaDeadLetterSink(config.kafka(), Ringest::log), failure, "clickhouse-writer");
        final KafkaIngest ingest = new KafkaIngest(config.kafka(), pipeline, tables.storedRecords(), tables.recordParts(), failure);
        final CumulativeHistogram latency = new CumulativeHistogram("ringest_latency_seconds",
            "End-to-end latency per row, Kafka record timestamp to ClickHouse acknowledgement", 1e-3);
        final ProgressReporter reporter = new ProgressReporter(pipeline, ingest, tables.absentFields(), config.metrics(), latency);
        final PrometheusMetrics prometheus =
            new PrometheusMetrics(pipeline, ingest, tables.routes().stream().map(Route::name).toList(), latency);
        log("reading " + config.kafka().topics() + " from " + config.kafka().connection() + " as group " +
            config.kafka().groupId() + " into " + tables);
        if (config.metrics().httpEnabled())
        {
            final String where = config.metrics().httpHost() + ":" + config.metrics().httpPort();
            final String failed = prometheus.start(config.metrics().httpHost(), config.metrics().httpPort());
            log(failed == null ? "metrics on http://" + where + "/metrics"
                : "WARNING no /metrics: metrics.http.host:metrics.http.port " + where + " cannot be bound (" + failed
                + "); set another port, or 0 for none");
        }
        pipeline.start();
        ingest.start();
        reporter.start();

        while (!stopRequested.await(200, TimeUnit.MILLISECONDS) && !failure.isFailed())
        {
            continue;
        }
        log("stopping: flushing the ring and waiting for inserts");
        ingest.stopPublishing();
        final boolean stored = failure.isFailed() ? abort(pipeline) : pipeline.drain(config.pipeline().shutdownNanos());
        ingest.finish();
        pipeline.close();
        reporter.close();
        prometheus.close();
        tables.close();
        log(stored ? "stopped cleanly: every row read was stored and committed" : "stopped with failures: " + failure.reason());
        return stored ? 0 : 1;
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
        System.err.println(LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " ringest: " + message);
    }
}
