package io.ringest.app;

import io.ringest.engine.Settings;

import java.nio.file.Path;

/**
 * Where the metric files go, how often the progress line is printed, and where {@code /metrics} is served.
 *
 * @param dir            {@code metrics.dir}: gets {@code throughput.csv}, {@code latency.hlog} and, on exit, {@code summary.properties}
 * @param intervalMillis {@code metrics.interval}: progress line, CSV row and histogram interval
 * @param httpHost       {@code metrics.http.host}: the address the Prometheus endpoint binds to
 * @param httpPort       {@code metrics.http.port}: its port; 0 (or an empty value) serves no endpoint
 */
public record MetricsConfig(Path dir, long intervalMillis, String httpHost, int httpPort)
{
    public static final int DEFAULT_HTTP_PORT = 9464;

    public static MetricsConfig from(final Settings s)
    {
        final int port = s.integer("metrics.http.port", DEFAULT_HTTP_PORT, 0, 65_535);
        return new MetricsConfig(
            Path.of(s.string("metrics.dir", "metrics")),
            s.durationNanos("metrics.interval", 1_000_000_000L, 100_000_000L, 3_600_000_000_000L) / 1_000_000,
            s.string("metrics.http.host", "127.0.0.1"),
            s.givenEmpty("metrics.http.port") ? 0 : port);
    }

    public boolean httpEnabled()
    {
        return httpPort > 0;
    }
}
