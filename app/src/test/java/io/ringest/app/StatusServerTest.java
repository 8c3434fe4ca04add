package io.ringest.app;

import com.sun.net.httpserver.HttpHandler;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusServerTest
{
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final HttpHandler PAGES = exchange ->
    {
        final byte[] body = ("pages saw " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    };

    @Test
    void shouldServeMetricsAndHandEveryOtherPathToThePagesOnOnePort() throws Exception
    {
        final PrometheusRegistry registry = new PrometheusRegistry();
        Counter.builder().name("probe_test").help("a counter").register(registry).inc(3);
        final int port = PrometheusServer.freePort();
        try (StatusServer server = new StatusServer(registry, PAGES))
        {
            assertNull(server.start("127.0.0.1", port));
            final String metrics = get(port, "/metrics");
            assertTrue(metrics.contains("probe_test_total 3.0"), metrics);
            assertEquals("pages saw /", get(port, "/"));
            assertEquals("pages saw /health/ready", get(port, "/health/ready"));
            assertEquals("pages saw /status", get(port, "/status"));
        }
    }

    @Test
    void shouldSayWhyWhenThePortIsTaken() throws Exception
    {
        try (ServerSocket taken = new ServerSocket(0); StatusServer server = new StatusServer(new PrometheusRegistry(), PAGES))
        {
            final String failed = server.start("127.0.0.1", taken.getLocalPort());
            assertNotNull(failed);
            assertTrue(failed.contains("Address already in use"), failed);
        }
    }

    private static String get(final int port, final String path) throws Exception
    {
        final HttpResponse<String> response = HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path);
        return response.body();
    }
}
