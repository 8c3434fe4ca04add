package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What {@link TableSchemaReader#readStoredOffsets} reads while another process's insert still runs on the real server:
 * a ringest killed right after sending a batch leaves its insert running, and the restarted one must not read the
 * stored offsets before those rows land. The table's MATERIALIZED column sleeps, so an insert of 100 rows runs 2.5 s
 * before its rows show.
 */
class StoredOffsetsIT
{
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String table = TestClickHouse.uniqueTable("stored");

    @AfterEach
    void dropTable()
    {
        TestClickHouse.drop(table);
    }

    @Test
    void shouldWaitForAnotherProcesssInsertStillRunningButNotForItsOwn() throws Exception
    {
        TestClickHouse.query("CREATE TABLE default." + table + " (_topic String, _partition UInt32, _offset UInt64, "
            + "slow UInt8 MATERIALIZED sleepEachRow(0.025)) ENGINE = MergeTree ORDER BY (_topic, _partition, _offset)");
        final ClickHouseConfig config =
            new ClickHouseConfig(TestClickHouse.URL, "default", table, "default", "", Duration.ofSeconds(30), false, "", Duration.ZERO);
        try (Client client = config.newClient(1))
        {
            final TableSchemaReader reader = new TableSchemaReader(config, client);

            final CompletableFuture<HttpResponse<String>> own = insert(QueryIds.next(), "own", 0);
            awaitRunning(QueryIds.OWN);
            assertArrayEquals(new long[0], reader.readStoredOffsets("own", 0, 0), "its own insert is not waited for");
            assertEquals(200, own.get().statusCode(), own.get().body());

            final CompletableFuture<HttpResponse<String>> killed = insert(QueryIds.ANY + "deadbeef-1", "logs", 0);
            awaitRunning(QueryIds.ANY + "deadbeef-");
            assertArrayEquals(LongStream.range(0, 100).toArray(), reader.readStoredOffsets("logs", 0, 0),
                "the other process's insert is waited for");
            assertEquals(200, killed.get().statusCode(), killed.get().body());
        }
    }

    /** Inserts 100 rows of {@code topic} partition 0, offsets 0-99, as TSV with this query id, without waiting. */
    private CompletableFuture<HttpResponse<String>> insert(final String queryId, final String topic, final int partition)
    {
        final String rows = LongStream.range(0, 100).mapToObj(o -> topic + "\t" + partition + "\t" + o + "\n")
            .collect(Collectors.joining());
        final String sql = "INSERT INTO default." + table + " (_topic, _partition, _offset) FORMAT TabSeparated";
        final URI uri = URI.create(TestClickHouse.URL + "/?query_id=" + queryId + "&query="
            + URLEncoder.encode(sql, StandardCharsets.UTF_8));
        return HTTP.sendAsync(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(rows)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitRunning(final String queryIdPrefix) throws InterruptedException
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline)
        {
            if (!TestClickHouse.query("SELECT count() FROM system.processes WHERE startsWith(query_id, '" + queryIdPrefix
                + "') FORMAT TabSeparated").trim().equals("0"))
            {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no insert with query id " + queryIdPrefix + "... started within 10 s");
    }
}
