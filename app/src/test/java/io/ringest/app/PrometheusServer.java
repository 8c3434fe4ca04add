package io.ringest.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, {@code /usr/bin/prometheus}, installed by
 * {@code scripts/test.sh}) run as a plain child process on a free loopback port, with its config file and data
 * directory under {@code dir}, scraping one target every second.
 */
final class PrometheusServer implements AutoCloseable
{
    static final Path BINARY = Path.of(System.getProperty("RINGEST_PROMETHEUS", "/usr/bin/prometheus"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final String url;

    PrometheusServer(final Path dir, final String target) throws IOException
    {
        if (!Files.isExecutable(BINARY))
        {
            throw new IllegalStateException(BINARY + " is missing: apt-get install -y prometheus (scripts/test.sh does)");
        }
        final Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: ringest
                static_configs:
                  - targets: ['%s']
            """.formatted(target));
        final String listen = "127.0.0.1:" + freePort();
        url = "http://" + listen;
        process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
            "--web.listen-address=" + listen)
            .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    /** The value of an instant query that returns one sample; NaN if it returns none (yet), or Prometheus is not up yet. */
    double query(final String promql) throws InterruptedException
    {
        final JsonNode result;
        try
        {
            final HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(url + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
            result = JSON.readTree(response.body()).path("data").path("result");
        }
        catch (final IOException e)
        {
            return Double.NaN;
        }
        if (result.size() > 1)
        {
            throw new AssertionError(promql + " returned " + result.size() + " samples: " + result);
        }
        return result.isEmpty() ? Double.NaN : Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    @Override
    public void close() throws InterruptedException
    {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
        }
    }
}
