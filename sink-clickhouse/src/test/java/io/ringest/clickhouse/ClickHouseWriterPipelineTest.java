package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
import io.ringest.clickhouse.encode.Column;
import io.ringest.clickhouse.encode.Rows;
import io.ringest.engine.DeadLetter;
import io.ringest.engine.DeadLetterSink;
import io.ringest.engine.OffsetTracker;
import io.ringest.engine.Pipeline;
import io.ringest.engine.PipelineConfig;
import io.ringest.engine.PipelineFailure;
import io.ringest.engine.WaitMode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's routes for what {@link ClickHouseWriter} returns, with the writer inserting into a
 * {@link FakeClickHouseServer}: transient failures are retried with the same rows until one is acknowledged, which
 * counts the rows once and moves the committable offset past them; an authentication failure stops the pipeline after
 * one request with nothing committable; a batch the table refuses (117) is halved until the refused row is alone, which
 * goes to the dead letters as its original record while the other rows are stored.
 */
class ClickHouseWriterPipelineTest
{
    private static final List<Column> COLUMNS = List.of(Rows.column("msg", "String"));
    private static final int ROWS = 10;
    private static final long FIRST_OFFSET = 100;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final PipelineFailure failure = new PipelineFailure(log::add);
    private final RecordingDeadLetters deadLetters = new RecordingDeadLetters();

    @Test
    void shouldRetryTransientFailuresThenCommitTheBatchOnce() throws Exception
    {
        try (FakeClickHouseServer server = new FakeClickHouseServer(
            FakeReply.status(500).body("Code: 252, e.displayText() = DB::Exception: Too many parts (300), e.what() = DB::Exception"),
            FakeReply.status(503).body("Service Unavailable"),
            FakeReply.ok().body("Ok. and the rest never comes").resetAfter(3),
            FakeReply.ok());
             Client client = config(server).newClient(1);
             Pipeline pipeline = pipeline(server, client))
        {
            pipeline.start();
            publishBatch(pipeline);
            waitFor(() -> pipeline.offsets().committable(0) == FIRST_OFFSET + ROWS || failure.isFailed());

            assertFalse(failure.isFailed(), failure.reason());
            final List<FakeRequest> requests = server.requests();
            assertEquals(4, requests.size(), "requests: " + requests);
            for (final FakeRequest request : requests)
            {
                assertTrue(request.isInsert(), request.query());
                assertArrayEquals(requests.get(0).body(), request.body(), "every attempt sends the same rows");
            }
            assertEquals(ROWS, pipeline.metrics().rowsInserted.get());
            // Three failures reach the server but the writer sees two: HttpClient 5 answers the 503 by sending the
            // request once more by itself, and that resend meets the reset. With one request per insert this is 3.
            assertEquals(2, pipeline.metrics().insertRetries.get(), String.join("\n", log));
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(10)));
            assertEquals(FIRST_OFFSET + ROWS, pipeline.offsets().committable(0));
            assertEquals(4, server.requests().size(), "nothing sent after the acknowledgement");
        }
    }

    @Test
    void shouldStopWithNothingCommittableWhenAuthenticationFails() throws Exception
    {
        try (FakeClickHouseServer server = new FakeClickHouseServer(FakeReply.status(403).code(516)
            .body("Code: 516. DB::Exception: default: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED)"));
             Client client = config(server).newClient(1);
             Pipeline pipeline = pipeline(server, client))
        {
            pipeline.start();
            publishBatch(pipeline);

            assertTrue(failure.await(10_000), "pipeline did not fail: " + log);
            assertTrue(failure.reason().contains("FATAL (code 516, HTTP 403)"), failure.reason());
            assertFalse(pipeline.drain(TimeUnit.SECONDS.toNanos(5)));
            assertEquals(1, server.requests().size(), "requests: " + server.requests());
            assertEquals(OffsetTracker.NONE, pipeline.offsets().committable(0));
            assertEquals(0, pipeline.metrics().rowsInserted.get());
            assertEquals(0, pipeline.metrics().insertRetries.get());
        }
    }

    /** Rows [0, 10) refused; [0, 5) stored; [5, 10) refused; [5, 7) stored; [7, 10) refused; [7] refused; [8, 10) stored. */
    @Test
    void shouldSplitARefusedBatchAndDeadLetterOnlyTheRefusedRow() throws Exception
    {
        final FakeReply refused = FakeReply.status(500)
            .body("Code: 117, e.displayText() = DB::Exception: Unexpected data in row 7, e.what() = DB::Exception");
        try (FakeClickHouseServer server = new FakeClickHouseServer(
            refused, FakeReply.ok(), refused, FakeReply.ok(), refused, refused, FakeReply.ok());
             Client client = config(server).newClient(1);
             Pipeline pipeline = pipeline(server, client))
        {
            pipeline.start();
            publishBatch(pipeline);
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(20)), String.join("\n", log));

            final List<Integer> bodies = server.requests().stream().map(r -> r.body().length).toList();
            final int row = bodies.get(0) / ROWS;
            assertEquals(List.of(10 * row, 5 * row, 5 * row, 2 * row, 3 * row, row, 2 * row), bodies);
            assertEquals(1, deadLetters.letters.size());
            final DeadLetter letter = deadLetters.letters.get(0);
            assertEquals(FIRST_OFFSET + 7, letter.offset());
            assertEquals("{\"msg\":\"log 107\"}", new String(letter.value(), StandardCharsets.UTF_8));
            assertTrue(letter.reason().contains("REJECTED_DATA (code 117"), letter.reason());
            assertEquals(ROWS - 1, pipeline.metrics().rowsInserted.get());
            assertEquals(FIRST_OFFSET + ROWS, pipeline.offsets().committable(0));
        }
    }

    /**
     * To a server that knows {@code insert_deduplication_token} (22.2+), every attempt at the same rows carries the same
     * token naming their source records, and the halves of a split batch carry their own.
     */
    @Test
    void shouldSendTheSameDeduplicationTokenWithEveryAttemptAtTheSameRows() throws Exception
    {
        final FakeReply refused = FakeReply.status(500).code(117).body("Code: 117. DB::Exception: Unexpected data. (INCORRECT_DATA)");
        try (FakeClickHouseServer server = new FakeClickHouseServer(
            FakeReply.status(503).code(209).body("Code: 209. DB::Exception: Timeout. (SOCKET_TIMEOUT)"),
            refused, FakeReply.ok(), FakeReply.ok());
             Client client = config(server).newClient(1);
             Pipeline pipeline = pipeline(server, client, ServerVersion.parse("24.8.4.13")))
        {
            pipeline.start();
            publishBatch(pipeline);
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(20)), String.join("\n", log));

            final List<String> tokens = server.requests().stream().map(r -> r.parameter("insert_deduplication_token")).toList();
            // 209 (retried), 117 (split), then each half.
            assertEquals(List.of("logs-0:100-109", "logs-0:100-109", "logs-0:100-104", "logs-0:105-109"), tokens);
        }
    }

    @Test
    void shouldSendNoDeduplicationTokenToAServerThatDoesNotKnowIt() throws Exception
    {
        try (FakeClickHouseServer server = new FakeClickHouseServer(FakeReply.ok());
             Client client = config(server).newClient(1);
             Pipeline pipeline = pipeline(server, client))
        {
            pipeline.start();
            publishBatch(pipeline);
            assertTrue(pipeline.drain(TimeUnit.SECONDS.toNanos(20)), String.join("\n", log));
            assertEquals(1, server.requests().size(), "requests: " + server.requests());
            assertEquals(null, server.requests().get(0).parameter("insert_deduplication_token"));
        }
    }

    private static ClickHouseConfig config(final FakeClickHouseServer server)
    {
        return new ClickHouseConfig(server.url(), "default", "t", "default", "", Duration.ofSeconds(2), false, "", Duration.ZERO);
    }

    /** One writer; a batch is exactly {@link #ROWS} records; retries back off at most 10 ms. */
    private Pipeline pipeline(final FakeClickHouseServer server, final Client client)
    {
        return pipeline(server, client, ServerVersion.parse("18.16.1"));
    }

    private Pipeline pipeline(final FakeClickHouseServer server, final Client client, final ServerVersion version)
    {
        final PipelineConfig config = new PipelineConfig(
            1024, 256, 1, ROWS, 1 << 20, TimeUnit.SECONDS.toNanos(60), 4, TimeUnit.MILLISECONDS.toNanos(10),
            TimeUnit.SECONDS.toNanos(10), WaitMode.BLOCKING, 1000, 50);
        final ClickHouseWriter writer = new ClickHouseWriter(config(server), client, version, COLUMNS, false);
        return new Pipeline(config, Rows.encoder(COLUMNS), List.of(writer), deadLetters, failure, "clickhouse-writer");
    }

    private static void publishBatch(final Pipeline pipeline)
    {
        final int index = pipeline.partitions().acquire("logs", 0);
        for (long offset = FIRST_OFFSET; offset < FIRST_OFFSET + ROWS; offset++)
        {
            final byte[] value = ("{\"msg\":\"log " + offset + "\"}").getBytes(StandardCharsets.UTF_8);
            final long sequence = pipeline.ring().next();
            pipeline.ring().get(sequence).set("logs", 0, index, offset, System.currentTimeMillis(), value);
            pipeline.ring().publish(sequence);
        }
    }

    private static void waitFor(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(5);
        }
    }

    /** Keeps dead letters; reads originals back as {@link #publishBatch} made them. */
    private static final class RecordingDeadLetters implements DeadLetterSink
    {
        final List<DeadLetter> letters = new CopyOnWriteArrayList<>();

        @Override
        public boolean send(final List<DeadLetter> batch)
        {
            letters.addAll(batch);
            return true;
        }

        @Override
        public byte[] original(final String topic, final int partition, final long offset)
        {
            return ("{\"msg\":\"log " + offset + "\"}").getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void close()
        {
        }
    }
}
