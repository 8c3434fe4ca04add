package io.ringest.benchmarks;

import com.clickhouse.client.api.Client;
import io.ringest.clickhouse.ClickHouseConfig;
import io.ringest.clickhouse.ClickHouseWriter;
import io.ringest.clickhouse.ServerVersion;
import io.ringest.clickhouse.TableSchemaReader;
import io.ringest.clickhouse.encode.Column;
import io.ringest.clickhouse.encode.ColumnPlan;
import io.ringest.clickhouse.encode.EncodeConfig;
import io.ringest.clickhouse.encode.JsonRowEncoder;
import io.ringest.engine.InsertOutcome;
import io.ringest.engine.LogEvent;
import io.ringest.engine.RowBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rows/s that {@link ClickHouseWriter} gets into the real ClickHouse server ({@code RINGEST_CLICKHOUSE_URL}, system
 * property or environment, default {@code http://127.0.0.1:8123}), with the batch encoded once beforehand so that only
 * the insert is timed. An invocation has each of {@code writers} threads insert its own copy of the batch at once and
 * returns when all are acknowledged; the {@code logs} counter (a JMH secondary result) is the rows/s to read, the
 * primary score counts invocations, and {@code gc.alloc.rate.norm} is per invocation.
 * <pre>
 *  trial set-up: CREATE TABLE ringest_insert_bench (the logs table of config/logs-18.16.sql), DESCRIBE TABLE,
 *                LogPayloads.pool(4096) ─▶ JsonRowEncoder ─▶ RowBuffer of batchRows rows, one copy per writer
 *
 *                      invokeAll, wait for every       ┌─▶ clickhouse-writer-0 ─▶ ClickHouseWriter.insert(copy 0) ──┐  INSERT ... FORMAT RowBinary
 *  JMH thread: insert ─────────────────────────────────┤                                                            ├─▶ one shared client-v2 Client ─▶ ClickHouse
 *                                                      └─▶ clickhouse-writer-1 ─▶ ClickHouseWriter.insert(copy 1) ──┘  (writers HTTP connections)     MergeTree
 *  (writers 1 or 2)
 *
 *  before each iteration: TRUNCATE, count() must be 0    after it: count() must equal the rows acknowledged
 * </pre>
 * DDL and counts go over the JDK's own HTTP client, so the check never depends on the client under test.
 * Rows repeat every 4096 (the payload pool), which may let the server compress parts a little better than real logs would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+UseParallelGC"})
public class InsertBenchmark
{
    static final String TABLE = "ringest_insert_bench";
    static final byte[][] PAYLOADS = LogPayloads.pool(4096, 42);
    /** The {@code logs} table of {@code config/logs-18.16.sql}, under this benchmark's own name. */
    static final String DDL = "CREATE TABLE default." + TABLE + " (timestamp DateTime, level String, service String,"
        + " resource_id String, trace_id FixedString(32), status UInt16, duration_ms Float32, message String)"
        + " ENGINE = MergeTree() PARTITION BY toYYYYMMDD(timestamp) ORDER BY (service, resource_id, timestamp)"
        + " SETTINGS index_granularity = 8192";
    static final Map<String, String> FIELD_BY_COLUMN =
        Map.of("resource_id", "resourceId", "trace_id", "traceId", "duration_ms", "durationMs");
    static final String URL = resolveUrl();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Param({"4000", "40000", "100000", "150000", "300000", "500000", "600000"})
    public int batchRows;

    @Param({"1", "2"})
    public int writers;

    private Client client;
    private ExecutorService pool;
    private final List<Callable<InsertOutcome>> inserts = new ArrayList<>();
    private long rowsThisIteration;


    @Setup(Level.Trial)
    public void setUp()
    {
        query("DROP TABLE IF EXISTS default." + TABLE);
        query(DDL);
        final ClickHouseConfig config = new ClickHouseConfig(URL, "default", TABLE, "default", "", Duration.ofSeconds(60), false, "", Duration.ZERO);
        client = config.newClient(writers);
        final TableSchemaReader reader = new TableSchemaReader(config, client);
        final ServerVersion version = reader.readVersion();
        final List<Column> columns = reader.readColumns();
        final RowBuffer batch = encode(new ColumnPlan(columns, FIELD_BY_COLUMN, EncodeConfig.DEFAULTS, false));
        for (int w = 0; w < writers; w++)
        {
            final RowBuffer copy = new RowBuffer(batch.size());
            copy.writeBytes(batch.array(), 0, batch.size());
            final ClickHouseWriter writer = new ClickHouseWriter(config, client, version, columns, false);
            inserts.add(() -> requireAcknowledged(writer, writer.insert(copy, batchRows)));
        }
        final AtomicInteger next = new AtomicInteger();
        pool = Executors.newFixedThreadPool(writers, r -> new Thread(r, "clickhouse-writer-" + next.getAndIncrement()));
    }

    @Setup(Level.Iteration)
    public void truncate()
    {
        query("TRUNCATE TABLE default." + TABLE);
        rowsThisIteration = 0;
        requireCount(0);
    }

    @Benchmark
    public void insert(final LogCounter inserted) throws Exception
    {
        for (final Future<InsertOutcome> done : pool.invokeAll(inserts))
        {
            done.get();
        }
        final long rows = (long)batchRows * writers;
        rowsThisIteration += rows;
        inserted.logs += rows;
    }

    @TearDown(Level.Iteration)
    public void verify()
    {
        requireCount(rowsThisIteration);
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        try
        {
            pool.shutdownNow();
            client.close();
        }
        finally
        {
            query("DROP TABLE IF EXISTS default." + TABLE);
        }
    }

    private RowBuffer encode(final ColumnPlan plan)
    {
        final JsonRowEncoder encoder = new JsonRowEncoder(plan);
        final LogEvent event = new LogEvent(2048);
        final RowBuffer batch = new RowBuffer(batchRows * 256);
        for (int i = 0; i < batchRows; i++)
        {
            event.set(TABLE, 0, 0, i, 0, PAYLOADS[i % PAYLOADS.length]);
            if (!encoder.encode(event, batch))
            {
                throw new IllegalStateException("payload " + i % PAYLOADS.length + " does not encode: " + encoder.failure());
            }
        }
        return batch;
    }

    private static InsertOutcome requireAcknowledged(final ClickHouseWriter writer, final InsertOutcome outcome)
    {
        if (outcome != InsertOutcome.ACKNOWLEDGED)
        {
            throw new IllegalStateException("insert " + outcome + ": " + writer.failure());
        }
        return outcome;
    }

    private static void requireCount(final long expected)
    {
        final long count = Long.parseLong(query("SELECT count() FROM default." + TABLE + " FORMAT TabSeparated").trim());
        if (count != expected)
        {
            throw new IllegalStateException(TABLE + " holds " + count + " rows, but " + expected
                + " were acknowledged this iteration");
        }
    }

    /** Runs {@code sql} as user {@code default} and returns the body; throws unless the server answers 200. */
    private static String query(final String sql)
    {
        final HttpRequest request = HttpRequest.newBuilder(URI.create(URL + "/")).timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8)).build();
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
            throw new IllegalStateException("interrupted running '" + sql + "'", e);
        }
    }

    private static String resolveUrl()
    {
        final String property = System.getProperty("RINGEST_CLICKHOUSE_URL", "");
        final String env = System.getenv("RINGEST_CLICKHOUSE_URL");
        final String url = !property.isBlank() ? property : env != null && !env.isBlank() ? env : "http://127.0.0.1:8123";
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
