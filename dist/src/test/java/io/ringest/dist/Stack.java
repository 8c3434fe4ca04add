package io.ringest.dist;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The broker and server of {@code scripts/stack.sh} as {@link ArchiveIT} reaches them: {@code RINGEST_KAFKA_BOOTSTRAP}
 * and {@code RINGEST_CLICKHOUSE_URL} (system property or environment, else the stack's defaults). ClickHouse is
 * queried over plain HTTP, not through the client under test.
 */
final class Stack
{
    static final String BOOTSTRAP = setting("RINGEST_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    static final String CLICKHOUSE = setting("RINGEST_CLICKHOUSE_URL", "http://127.0.0.1:8123");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Stack()
    {
    }

    private static String setting(final String name, final String fallback)
    {
        final String property = System.getProperty(name);
        if (property != null && !property.isBlank())
        {
            return property;
        }
        final String env = System.getenv(name);
        return env != null && !env.isBlank() ? env : fallback;
    }

    /** Runs one statement; returns the body (TabSeparated unless the SQL says otherwise). */
    static String sql(final String statement) throws IOException, InterruptedException
    {
        final HttpResponse<String> response = HTTP.send(
            HttpRequest.newBuilder(URI.create(CLICKHOUSE + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(statement, StandardCharsets.UTF_8)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200)
        {
            throw new IOException("ClickHouse answered " + response.statusCode() + " to " + statement + ": " + response.body());
        }
        return response.body();
    }
}
