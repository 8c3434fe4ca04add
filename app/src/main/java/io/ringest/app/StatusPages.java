package io.ringest.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The routes besides {@code /metrics}: {@code /} the status page, {@code /status} its JSON, {@code /health/live} and
 * {@code /health/ready} the probes (200 or 503 with one line saying why). Everything is computed per request from
 * the counters the components keep; runs on the HTTP server's threads.
 */
final class StatusPages implements HttpHandler
{
    static final String PAGE = "status.html";
    private final HealthCheck health;
    private final StatusJson status;
    private final byte[] page;

    StatusPages(final HealthCheck health, final StatusJson status)
    {
        this.health = health;
        this.status = status;
        try (InputStream in = StatusPages.class.getResourceAsStream(PAGE))
        {
            if (in == null)
            {
                throw new IllegalStateException(PAGE + " is missing from the jar");
            }
            this.page = in.readAllBytes();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handle(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            switch (exchange.getRequestURI().getPath())
            {
                case "/", "/index.html" -> send(exchange, 200, "text/html; charset=utf-8", page);
                case "/status" -> send(exchange, 200, "application/json", utf8(status.render()));
                case "/health/live" -> verdict(exchange, health.live());
                case "/health/ready" -> verdict(exchange, health.ready());
                default -> send(exchange, 404, "text/plain; charset=utf-8",
                    utf8("not found; ringest serves /, /status, /health/live, /health/ready and /metrics\n"));
            }
        }
    }

    private static void verdict(final HttpExchange exchange, final HealthCheck.Verdict verdict) throws IOException
    {
        send(exchange, verdict.ok() ? 200 : 503, "text/plain; charset=utf-8", utf8(verdict.why() + "\n"));
    }

    private static void send(final HttpExchange exchange, final int code, final String type, final byte[] body)
        throws IOException
    {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        final boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head)
        {
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        }
    }

    private static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
