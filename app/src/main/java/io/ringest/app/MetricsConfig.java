package io.ringest.app;

import io.ringest.engine.Settings;

import java.nio.file.Path;

/**
 * Where the metric files go and how often the progress line is printed.
 *
 * @param dir            {@code metrics.dir}: gets {@code throughput.csv}, {@code latency.hlog} and, on exit, {@code summary.properties}
 * @param intervalMillis {@code metrics.interval}: progress line, CSV row and histogram interval
 */
public record MetricsConfig(Path dir, long intervalMillis)
{
    public static MetricsConfig from(final Settings s)
    {
        return new MetricsConfig(
            Path.of(s.string("metrics.dir", "metrics")),
            s.durationNanos("metrics.interval", 1_000_000_000L, 100_000_000L, 3_600_000_000_000L) / 1_000_000);
    }
}
