package io.ringest.app;

import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;

/**
 * The one HTTP server on {@code metrics.http.host:metrics.http.port}: Prometheus's exporter serves {@code /metrics}
 * from the registry and hands every other path to {@code pages} (the status page, {@code /status}, the health
 * probes). Requests run on the exporter's own threads.
 */
final class StatusServer implements AutoCloseable
{
    private final PrometheusRegistry registry;
    private final HttpHandler pages;
    private HTTPServer server;

    StatusServer(final PrometheusRegistry registry, final HttpHandler pages)
    {
        this.registry = registry;
        this.pages = pages;
    }

    /**
     * Binds the server; returns why it could not, or null. A port already taken (say, by a second ringest on the
     * same host) costs the endpoints, not the ingestion, so it is the caller's to log rather than an exception.
     */
    String start(final String host, final int port)
    {
        try
        {
            server = HTTPServer.builder().hostname(host).port(port).registry(registry).defaultHandler(pages).buildAndStart();
            return null;
        }
        catch (final IOException e)
        {
            return e.toString();
        }
    }

    @Override
    public void close()
    {
        if (server != null)
        {
            server.close();
        }
    }
}
