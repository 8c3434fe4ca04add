package io.ringest.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringest.engine.Settings;
import org.apache.kafka.common.TopicPartition;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probes, {@code /status} and the status page of a ringest ingesting from the real Kafka into the real ClickHouse:
 * readiness goes from 503 to 200 once the partitions are assigned, stays 503 with an unreachable broker, and turns 503
 * while ClickHouse (behind a {@link TcpProxy}) is away; headless Chromium renders the page, whose figures are checked
 * against {@code count()} in ClickHouse and the end offsets in Kafka.
 */
class StatusPageIT
{
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 200_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String name = "it_status_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final ExecutorService runner = Executors.newCachedThreadPool();

    @TempDir
    Path dir;

    @AfterEach
    void dropTable() throws Exception
    {
        runner.shutdownNow();
        LocalStack.sql("DROP TABLE IF EXISTS " + name);
    }

    @Test
    void shouldGoReadyOnceAssignedAndRenderWhatClickHouseStoredInChromium() throws Exception
    {
        Assumptions.assumeTrue(Chromium.installed(), Chromium.BINARY + " is missing: apt-get install -y chromium "
            + "(scripts/test.sh does); the status page is not checked in a browser");
        LocalStack.createTopic(name, PARTITIONS);
        LocalStack.sql(String.format(TestLogs.TABLE_DDL, name));
        final int port = PrometheusServer.freePort();
        final String base = "http://127.0.0.1:" + port;
        final Ringest ringest = new Ringest();
        final Future<Integer> run = start(ringest, port, "kafka.bootstrap.servers=" + LocalStack.BOOTSTRAP,
            "clickhouse.url=" + LocalStack.CLICKHOUSE);
        final Chromium chromium = new Chromium(dir);
        try
        {
            final List<String> answers = readinessUntilReady(base);
            assertTrue(answers.get(0).startsWith("503 not ready"), answers.toString());
            assertTrue(answers.get(answers.size() - 1).matches("200 ready: [1-3] partitions assigned"), answers.toString());
            System.out.println("readiness answers until ready: " + answers);
            // Ready once every poller joined; the last may still be taking its partitions in.
            LocalStack.waitFor(() -> answer(base + "/health/ready").equals("200 ready: " + PARTITIONS + " partitions assigned"), 30);
            assertEquals(200, get(base + "/health/live").statusCode());
            assertEquals(404, get(base + "/nothing").statusCode());

            for (int part = 0; part < 4; part++)
            {
                final int from = part * (RECORDS / 4);
                final boolean last = part == 3;
                final Future<?> produced = runner.submit(() ->
                {
                    TestLogs.produce(name, from, from + RECORDS / 4, last);
                    return null;
                });
                if (part == 2)
                {
                    // Taken while rows are being stored; docs/status-page.png is a copy of it.
                    final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (!produced.isDone() && lastRate(status(base)) == 0 && System.nanoTime() < until)
                    {
                        Thread.sleep(100);
                    }
                    chromium.screenshot(base + "/", Path.of("target/status-page.png"), 1280, 880, 3_000);
                }
                produced.get(120, TimeUnit.SECONDS);
                if (part == 1)
                {
                    checkPageWhileIngesting(chromium, base);
                }
            }
            final long malformed = RECORDS / 4 / 100;
            LocalStack.waitFor(() -> count() >= RECORDS - malformed && committedToEnd(), 120);
            final long stored = LocalStack.count(name);
            LocalStack.waitFor(() -> status(base).path("totals").path("stored").asLong() == stored, 30);
            checkStatus(status(base), stored, malformed);
            checkPage(Jsoup.parse(chromium.dumpDom(base + "/", 3_000)), stored, malformed);
        }
        finally
        {
            ringest.requestStop();
            assertEquals(0, run.get(90, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldNotBeReadyWithoutKafkaOrWhileClickHouseIsAway() throws Exception
    {
        LocalStack.createTopic(name, PARTITIONS);
        LocalStack.sql(String.format(TestLogs.TABLE_DDL, name));
        final int noKafkaPort = PrometheusServer.freePort();
        final Ringest noKafka = new Ringest();
        final Future<Integer> noKafkaRun = start(noKafka, noKafkaPort, "kafka.bootstrap.servers=127.0.0.1:1",
            "clickhouse.url=" + LocalStack.CLICKHOUSE);
        final String unreachable = "http://127.0.0.1:" + noKafkaPort;
        LocalStack.waitFor(() -> answer(unreachable + "/health/live").startsWith("200"), 60);
        final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
        while (System.nanoTime() < until)
        {
            final String answer = answer(unreachable + "/health/ready");
            assertTrue(answer.startsWith("503 not ready: 0 of 2 pollers joined group " + name + ", 0 partitions assigned"), answer);
            Thread.sleep(500);
        }
        noKafka.requestStop();
        noKafkaRun.get(120, TimeUnit.SECONDS);

        final URI clickhouse = URI.create(LocalStack.CLICKHOUSE);
        try (TcpProxy proxy = new TcpProxy(clickhouse.getHost(), clickhouse.getPort()))
        {
            final int port = PrometheusServer.freePort();
            final String base = "http://127.0.0.1:" + port;
            final Ringest ringest = new Ringest();
            final Future<Integer> run = start(ringest, port, "kafka.bootstrap.servers=" + LocalStack.BOOTSTRAP,
                "clickhouse.url=http://127.0.0.1:" + proxy.port());
            try
            {
                readinessUntilReady(base);
                proxy.cut();
                LocalStack.waitFor(() -> answer(base + "/health/ready").startsWith("503 not ready: ClickHouse does not answer"), 30);
                assertEquals(200, get(base + "/health/live").statusCode(), "ClickHouse away is not a reason to restart");
                proxy.restore();
                LocalStack.waitFor(() -> answer(base + "/health/ready").startsWith("200 ready"), 30);
            }
            finally
            {
                ringest.requestStop();
                assertEquals(0, run.get(90, TimeUnit.SECONDS));
            }
        }
    }

    private Future<Integer> start(final Ringest ringest, final int port, final String... more)
    {
        final List<String> settings = new ArrayList<>(List.of("kafka.topics=" + name, "kafka.group.id=" + name,
            "clickhouse.table=" + name, "encode.required=timestamp,message", "pipeline.batch.rows=5000",
            "pipeline.linger=100ms", "metrics.dir=" + dir.resolve("metrics-" + port), "metrics.http.host=127.0.0.1",
            "metrics.http.port=" + port, "kafka.instance.id="));
        settings.addAll(List.of(more));
        final RingestConfig config = RingestConfig.from(Settings.load(null, settings));
        return runner.submit(() -> ringest.runUntilStopped(config));
    }

    /** Every distinct readiness answer from the first the server gave (it binds before the pipeline starts) to 200. */
    private static List<String> readinessUntilReady(final String base) throws InterruptedException
    {
        final List<String> answers = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (answers.isEmpty() || !answers.get(answers.size() - 1).startsWith("200"))
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("not ready within 90 s: " + answers);
            }
            final String answer = answer(base + "/health/ready");
            if (!answer.isEmpty() && (answers.isEmpty() || !answers.get(answers.size() - 1).equals(answer)))
            {
                answers.add(answer);
            }
            Thread.sleep(answer.isEmpty() ? 20 : 5);
        }
        return answers;
    }

    /** Mid-run: the page shows no more than ClickHouse holds after it rendered, and the topic's partitions. */
    private void checkPageWhileIngesting(final Chromium chromium, final String base) throws Exception
    {
        final long before = LocalStack.count(name);
        final Document page = Jsoup.parse(chromium.dumpDom(base + "/", 3_000));
        final long after = LocalStack.count(name);
        final long shown = value(page, "stored");
        System.out.printf("mid-run: ClickHouse count() %d before the page loaded, %d after; the page shows %d stored%n",
            before, after, shown);
        assertTrue(shown <= after, "shown " + shown + " > count() " + after);
        assertTrue(shown >= before - 5_000 * 2L, "shown " + shown + " far below count() " + before + " before it loaded");
        assertEquals(List.of("0", "1", "2"), page.select("#partitions tbody tr").eachAttr("data-partition"));
    }

    private void checkStatus(final JsonNode status, final long stored, final long malformed) throws Exception
    {
        assertTrue(status.path("live").asBoolean() && status.path("ready").asBoolean(), status.toString());
        assertEquals(stored, status.path("totals").path("stored").asLong());
        assertEquals(RECORDS, status.path("totals").path("polled").asLong());
        assertEquals(malformed, status.path("totals").path("deadLetters").asLong());
        assertEquals(name, status.path("settings").path("kafka.topics").asText());
        assertEquals("100ms", status.path("settings").path("pipeline.linger").asText());
        assertEquals("16384", status.path("settings").path("pipeline.ring.size").asText(), "a default");
        assertEquals("", status.path("settings").path("clickhouse.password").asText());
        assertEquals(0, status.path("stages").path("batchesInFlight").asLong());
        long fastest = 0;
        for (final JsonNode rate : status.path("storedPerSecond"))
        {
            fastest = Math.max(fastest, rate.asLong());
        }
        assertTrue(fastest > 0, "a progress interval saw rows stored: " + status.path("storedPerSecond"));
        assertEquals(2, status.path("stages").path("pollers").size());
        final Map<TopicPartition, Long> ends = LocalStack.endOffsets(name, PARTITIONS);
        final Map<TopicPartition, Long> shown = new HashMap<>();
        for (final JsonNode p : status.path("partitions"))
        {
            final TopicPartition tp = new TopicPartition(p.path("topic").asText(), p.path("partition").asInt());
            shown.put(tp, p.path("committed").asLong());
            assertEquals(ends.get(tp), p.path("end").asLong(), tp + " end offset");
            assertEquals(0, p.path("lag").asLong(), tp + " lag");
        }
        assertEquals(ends, shown, "committed offsets per partition");
    }

    private void checkPage(final Document page, final long stored, final long malformed) throws Exception
    {
        assertEquals(stored, value(page, "stored"));
        assertEquals(String.format("%,d", stored), page.getElementById("stored").text());
        assertEquals(RECORDS, value(page, "polled"));
        assertEquals(malformed, value(page, "dlq"));
        assertEquals(0, value(page, "in-flight"));
        assertEquals("ready", page.getElementById("ready").text());
        final Map<TopicPartition, Long> ends = LocalStack.endOffsets(name, PARTITIONS);
        final Map<TopicPartition, Long> shown = new HashMap<>();
        for (final Element row : page.select("#partitions tbody tr"))
        {
            assertEquals("0", row.attr("data-lag"));
            final List<String> cells = row.select("td").eachText();
            shown.put(new TopicPartition(cells.get(0), Integer.parseInt(cells.get(1))), Long.parseLong(cells.get(2).replace(",", "")));
            assertEquals(cells.get(2), cells.get(3), "committed = end once everything is stored");
        }
        assertEquals(ends, shown, "the topic's partitions with their committed offsets, as Kafka's end offsets");
        assertFalse(page.select("#settings").text().isEmpty());
    }

    private static long lastRate(final JsonNode status)
    {
        final JsonNode rates = status.path("storedPerSecond");
        return rates.isEmpty() ? 0 : rates.get(rates.size() - 1).asLong();
    }

    private static long value(final Document page, final String id)
    {
        final Element element = page.getElementById(id);
        assertTrue(element != null && element.hasAttr("data-value"), "#" + id + " not rendered: " + page.body());
        return Long.parseLong(element.attr("data-value"));
    }

    private static JsonNode status(final String base)
    {
        try
        {
            final HttpResponse<String> response = get(base + "/status");
            assertEquals(200, response.statusCode());
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
            return JSON.readTree(response.body());
        }
        catch (final IOException | InterruptedException e)
        {
            throw new AssertionError(e);
        }
    }

    /** {@code "<code> <body>"}, trimmed; empty while nothing answers. */
    private static String answer(final String url)
    {
        try
        {
            final HttpResponse<String> response = get(url);
            return response.statusCode() + " " + response.body().trim();
        }
        catch (final IOException e)
        {
            return "";
        }
        catch (final InterruptedException e)
        {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> get(final String url) throws IOException, InterruptedException
    {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private long count()
    {
        return LocalStack.rows(name);
    }

    private boolean committedToEnd()
    {
        return LocalStack.committedToEnd(name, PARTITIONS, name);
    }
}
