package io.ringest.app;

import io.ringest.clickhouse.encode.AbsentFields;
import io.ringest.engine.Pipeline;
import io.ringest.engine.PipelineMetrics;
import io.ringest.kafka.KafkaIngest;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code progress-reporter} thread: once an interval logs the progress line (logger {@code io.ringest.progress}),
 * appends a row to {@code throughput.csv} and an interval histogram to {@code latency.hlog}; on close writes
 * {@code summary.properties}. Histograms are recycled, not allocated, per interval; each is added to the latency
 * histogram the Prometheus endpoint reads, and each interval's rate to the history the status page draws.
 */
final class ProgressReporter implements AutoCloseable
{
    /** Its own logger, so that {@code config/logback.xml} can drop the line a second and keep the rest. */
    private static final Logger PROGRESS = LoggerFactory.getLogger(RingestLog.NAME + ".progress");
    private final Pipeline pipeline;
    private final KafkaIngest ingest;
    /** Per route, its absent-field counts; with several routes each column is named after its route. */
    private final Map<String, AbsentFields> absent;
    private final MetricsConfig config;
    private final PipelineMetrics metrics;
    private final PrintStream csv;
    private final PrintStream hlogFile;
    private final HistogramLogWriter hlog;
    private final CumulativeHistogram total;
    private final RateHistory rates;
    private final Thread thread;
    private final long startMillis = System.currentTimeMillis();
    private Histogram interval;
    private long lastRows;
    private long lastMillis = startMillis;
    private volatile boolean running = true;

    ProgressReporter(
        final Pipeline pipeline, final KafkaIngest ingest, final Map<String, AbsentFields> absent, final MetricsConfig config,
        final CumulativeHistogram latency, final RateHistory rates)
    {
        this.total = latency;
        this.rates = rates;
        this.pipeline = pipeline;
        this.absent = absent;
        this.ingest = ingest;
        this.config = config;
        this.metrics = pipeline.metrics();
        try
        {
            Files.createDirectories(config.dir());
            csv = new PrintStream(config.dir().resolve("throughput.csv").toFile(), StandardCharsets.UTF_8);
            hlogFile = new PrintStream(config.dir().resolve("latency.hlog").toFile(), StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("metrics.dir " + config.dir() + " is not writable", e);
        }
        csv.println("timestamp,logs_per_second,total_logs_inserted");
        hlog = new HistogramLogWriter(hlogFile);
        hlog.outputComment("ringest end-to-end latency per row, Kafka record timestamp to ClickHouse acknowledgement, in milliseconds");
        hlog.outputLogFormatVersion();
        hlog.outputStartTime(startMillis);
        hlog.setBaseTime(startMillis);
        hlog.outputLegend();
        thread = new Thread(this::run, "progress-reporter");
        thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    private void run()
    {
        while (running)
        {
            try
            {
                Thread.sleep(config.intervalMillis());
            }
            catch (final InterruptedException e)
            {
                return;
            }
            report();
        }
    }

    private synchronized void report()
    {
        final long now = System.currentTimeMillis();
        final long rows = metrics.rowsInserted.get();
        final double rate = (rows - lastRows) * 1000.0 / Math.max(1, now - lastMillis);
        interval = metrics.latencyMs.getIntervalHistogram(interval);
        total.add(interval);
        rates.add(rate);
        hlog.outputIntervalHistogram(interval);
        csv.printf(Locale.ROOT, "%s,%.0f,%d%n", Instant.ofEpochMilli(now), rate, rows);
        csv.flush();
        final Map<String, Long> absentCounts = absentTotals();
        PROGRESS.info(String.format(Locale.ROOT,
            "%,9.0f logs/s | inserted %,d | polled %,d | ring %d%% | batches in flight %d | dlq %,d | retries %,d | p99 %,d ms%s",
            rate, rows, ingest.polled(), pipeline.ringFill() * 100 / pipeline.config().ringSize(),
            pipeline.batchesInFlight(), metrics.deadLetters.get(), metrics.insertRetries.get(), interval.getValueAtPercentile(99),
            absentCounts.isEmpty() ? "" : " | absent " + absentCounts.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue())).collect(Collectors.joining(", "))));
        lastRows = rows;
        lastMillis = now;
    }

    /** Rows stored with each column's field absent: {@code column}, or {@code route.column} with several routes. */
    private Map<String, Long> absentTotals()
    {
        if (absent.size() == 1)
        {
            return absent.values().iterator().next().totals();
        }
        final Map<String, Long> totals = new LinkedHashMap<>();
        absent.forEach((route, fields) -> fields.totals().forEach((column, count) -> totals.put(route + "." + column, count)));
        return totals;
    }

    /** Reports the last interval and writes {@code summary.properties}. */
    @Override
    public void close()
    {
        running = false;
        thread.interrupt();
        report();
        final long rows = metrics.rowsInserted.get();
        final double seconds = (System.currentTimeMillis() - startMillis) / 1000.0;
        try (Writer out = Files.newBufferedWriter(config.dir().resolve("summary.properties"), StandardCharsets.UTF_8))
        {
            out.write(String.format(Locale.ROOT,
                "rows=%d%ndlq=%d%nseconds=%.3f%np50_ms=%d%np90_ms=%d%np99_ms=%d%np999_ms=%d%nmax_ms=%d%n",
                rows, metrics.deadLetters.get(), seconds,
                total.valueAtPercentile(50), total.valueAtPercentile(90), total.valueAtPercentile(99),
                total.valueAtPercentile(99.9), total.maxValue()));
            for (final Map.Entry<String, Long> column : absentTotals().entrySet())
            {
                out.write("absent." + column.getKey() + "=" + column.getValue() + "\n");
            }
        }
        catch (final IOException e)
        {
            Ringest.log("WARN cannot write summary.properties: " + e);
        }
        Ringest.log(String.format(Locale.ROOT,
            "inserted %,d rows, %,d dead letters; latency p50 %d ms, p99 %d ms, max %d ms",
            rows, metrics.deadLetters.get(), total.valueAtPercentile(50), total.valueAtPercentile(99), total.maxValue()));
        csv.close();
        hlogFile.close();
    }
}
