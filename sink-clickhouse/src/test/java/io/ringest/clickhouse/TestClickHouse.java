package io.ringest.clickhouse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real ClickHouse server the {@code *IT} tests run against, reached with the JDK's own HTTP client so that what
 * the tests check (tables, counts, values) never depends on the client under test.
 * URL: system property or environment variable {@code RINGEST_CLICKHOUSE_URL}, else {@code http://127.0.0.1:8123}.
 */
final class TestClickHouse
{
    static final String URL = resolveUrl();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestClickHouse()
    {
    }

    /** A fresh table name, unique per call, e.g. {@code ringest_it_insert_5f3a9c}. */
    static String uniqueTable(final String purpose)
    {
        return "ringest_it_" + purpose + "_" + Long.toHexString(System.nanoTime()) + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16));
    }

    /** Runs {@code sql} as user {@code default} and returns the body; throws if the server answers anything but 200. */
    static String query(final String sql)
    {
        final HttpRequest request = HttpRequest.newBuilder(URI.create(URL + "/"))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
            .build();
        try
        {
            final HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200)
            {
                throw new IllegalStateException("'" + sql + "' -> HTTP " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("ClickHouse not reachable at " + URL + " (set RINGEST_CLICKHOUSE_URL): " + e, e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static long count(final String table)
    {
        return Long.parseLong(query("SELECT count() FROM default." + table + " FORMAT TabSeparated").trim());
    }

    static void drop(final String table)
    {
        query("DROP TABLE IF EXISTS default." + table);
    }

    private static String resolveUrl()
    {
        final String property = System.getProperty("RINGEST_CLICKHOUSE_URL", "");
        final String env = System.getenv("RINGEST_CLICKHOUSE_URL");
        final String url = !property.isBlank() ? property : env != null && !env.isBlank() ? env : "http://127.0.0.1:8123";
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
