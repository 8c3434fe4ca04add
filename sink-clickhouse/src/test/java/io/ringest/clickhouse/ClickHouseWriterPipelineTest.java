package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
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
 * one request with nothing committable. REJECTED_DATA's route is about to change and is not tested here.
 */
class ClickHouseWriterPipelineTest
{
    private static final List<Column> COLUMNS = List.of(Rows.column("msg", "String"));
    private static final int ROWS = 10;
    private static final long FIRST_OFFSET = 100;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final PipelineFailure failure = new PipelineFailure(log::add);

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

    private static ClickHouseConfig config(final FakeClickHouseServer server)
    {
        return new ClickHouseConfig(server.url(), "default", "t", "default", "", Duration.ofSeconds(2), false, "");
    }

    /** One writer; a batch is exactly {@link #ROWS} records; retries back off at most 10 ms. */
    private Pipeline pipeline(final FakeClickHouseServer server, final Client client)
    {
        final PipelineConfig config = new PipelineConfig(
            1024, 256, 1, ROWS, 1 << 20, TimeUnit.SECONDS.toNanos(60), 4, TimeUnit.MILLISECONDS.toNanos(10),
            TimeUnit.SECONDS.toNanos(10), WaitMode.BLOCKING);
        final ClickHouseWriter writer = new ClickHouseWriter(config(server), client, ServerVersion.parse("18.16.1"), COLUMNS, false);
        return new Pipeline(config, Rows.encoder(COLUMNS), List.of(writer), new NoDeadLetters(), failure, "clickhouse-writer");
    }

    private static void publishBatch(final Pipeline pipeline)
    {
        for (long offset = FIRST_OFFSET; offset < FIRST_OFFSET + ROWS; offset++)
        {
            final byte[] value = ("{\"msg\":\"log " + offset + "\"}").getBytes(StandardCharsets.UTF_8);
            final long sequence = pipeline.ring().next();
            pipeline.ring().get(sequence).set("logs", 0, 0, offset, System.currentTimeMillis(), value);
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

    /** Every record here encodes, so a dead letter is a test failure. */
    private static final class NoDeadLetters implements DeadLetterSink
    {
        @Override
        public boolean send(final List<DeadLetter> letters)
        {
            throw new AssertionError("unexpected dead letters: " + letters);
        }

        @Override
        public void close()
        {
        }
    }
}
