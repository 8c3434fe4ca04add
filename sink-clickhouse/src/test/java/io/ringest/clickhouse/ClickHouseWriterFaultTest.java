package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
import io.ringest.clickhouse.encode.Column;
import io.ringest.clickhouse.encode.Rows;
import io.ringest.engine.InsertOutcome;
import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.ringest.engine.InsertOutcome.FATAL;
import static io.ringest.engine.InsertOutcome.REJECTED_DATA;
import static io.ringest.engine.InsertOutcome.RETRY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What {@link ClickHouseWriter} makes of each kind of failed insert, served by {@link FakeClickHouseServer}: the outcome
 * the engine acts on, the error code read from the {@code X-ClickHouse-Exception-Code} header or, as 18.16 sends no
 * header, from the body, and that each insert is exactly one HTTP request, so client-v2's own retries are off (a 503 is
 * the exception: HttpClient 5 sends it twice). It also proves that {@code clickhouse.insert.timeout} bounds an insert
 * the server never answers or answers a byte at a time.
 */
class ClickHouseWriterFaultTest
{
    private static final List<Column> COLUMNS = List.of(Rows.column("msg", "String"));
    private static final ServerVersion OLD = ServerVersion.parse("18.16.1");
    private static final String MODERN = " (version 24.8.4.13 (official build))";
    private static final String OLD_END = ", e.what() = DB::Exception";

    static Stream<Arguments> serverErrors()
    {
        return Stream.of(
            arguments("252 too many parts, header", FakeReply.status(500).code(252)
                .body("Code: 252. DB::Exception: Too many parts (300). Merges are processing significantly slower than inserts. (TOO_MANY_PARTS)" + MODERN),
                RETRY, 252, 500, 1),
            arguments("252 too many parts, body only", FakeReply.status(500)
                .body("Code: 252, e.displayText() = DB::Exception: Too many parts (300). Merges are processing significantly slower than inserts." + OLD_END),
                RETRY, 252, 500, 1),
            arguments("241 memory limit, header", FakeReply.status(500).code(241)
                .body("Code: 241. DB::Exception: Memory limit (total) exceeded: would use 3.52 GiB (attempt to allocate chunk of 4194304 bytes), maximum: 3.47 GiB. (MEMORY_LIMIT_EXCEEDED)" + MODERN),
                RETRY, 241, 500, 1),
            arguments("241 memory limit, body only", FakeReply.status(500)
                .body("Code: 241, e.displayText() = DB::Exception: Memory limit (for query) exceeded: would use 9.32 GiB (attempt to allocate chunk of 4194304 bytes), maximum: 9.31 GiB" + OLD_END),
                RETRY, 241, 500, 1),
            arguments("243 not enough space, header", FakeReply.status(500).code(243)
                .body("Code: 243. DB::Exception: Cannot reserve 1.00 MiB, not enough space. (NOT_ENOUGH_SPACE)" + MODERN),
                RETRY, 243, 500, 1),
            arguments("243 not enough space, body only", FakeReply.status(500)
                .body("Code: 243, e.displayText() = DB::Exception: Cannot reserve 1.00 MiB, not enough space" + OLD_END),
                RETRY, 243, 500, 1),
            arguments("502 from a proxy", FakeReply.status(502).body("<html><body>502 Bad Gateway</body></html>"),
                RETRY, ClickHouseErrors.NO_CODE, 0, 1),
            // Two requests: HttpClient 5, inside client-v2, sends a POST answered 503 (or 429) once more 1 s later,
            // unless the insert timeout is under that second; client-v2 0.10.0 has no switch for it. Should be 1.
            arguments("503 without code", FakeReply.status(503).body("<html><body>503 Service Unavailable</body></html>"),
                RETRY, ClickHouseErrors.NO_CODE, 0, 2),
            arguments("209 socket timeout, header, as modern servers send it with 503", FakeReply.status(503).code(209)
                .body("Code: 209. DB::Exception: Timeout exceeded while reading from socket. (SOCKET_TIMEOUT)" + MODERN),
                RETRY, 209, 503, 2),
            arguments("117 incorrect data, header", FakeReply.status(400).code(117)
                .body("Code: 117. DB::Exception: Unknown field found while parsing JSONEachRow format: x: (at row 1). (INCORRECT_DATA)" + MODERN),
                REJECTED_DATA, 117, 400, 1),
            arguments("117 incorrect data, body only", FakeReply.status(500)
                .body("Code: 117, e.displayText() = DB::Exception: Unknown field found while parsing JSONEachRow format: x" + OLD_END),
                REJECTED_DATA, 117, 500, 1),
            arguments("60 unknown table, header", FakeReply.status(404).code(60)
                .body("Code: 60. DB::Exception: Table default.t does not exist. (UNKNOWN_TABLE)" + MODERN),
                FATAL, 60, 404, 1),
            arguments("60 unknown table, body only", FakeReply.status(404)
                .body("Code: 60, e.displayText() = DB::Exception: Table default.t doesn't exist." + OLD_END),
                FATAL, 60, 404, 1),
            arguments("516 authentication failed, header", FakeReply.status(403).code(516)
                .body("Code: 516. DB::Exception: default: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED)" + MODERN),
                FATAL, 516, 403, 1),
            arguments("192 unknown user, body only", FakeReply.status(401)
                .header("WWW-Authenticate: Basic realm=\"ClickHouse server HTTP API\"")
                .body("Code: 192, e.displayText() = DB::Exception: Unknown user default" + OLD_END),
                FATAL, 192, 401, 1));
    }

    /** Proxy statuses without a code that client-v2 reports as "Unexpected result status N", which is classified FATAL. */
    static Stream<Arguments> gatewayErrors()
    {
        return Stream.of(
            arguments("504 from a proxy", FakeReply.status(504).body("<html><body>504 Gateway Time-out</body></html>"), 1),
            arguments("408 from a proxy", FakeReply.status(408).body("<html><body>408 Request Time-out</body></html>"), 1),
            // HttpClient 5 resends a 429 once by itself, as it does a 503.
            arguments("429 from a proxy", FakeReply.status(429).body("<html><body>429 Too Many Requests</body></html>"), 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serverErrors")
    void shouldClassifyServerError(
        final String name, final FakeReply reply, final InsertOutcome outcome, final int code, final int httpStatus,
        final int requests) throws Exception
    {
        // The reply is scripted twice so that a resend meets the same answer, as it would from a real server.
        try (FakeClickHouseServer server = new FakeClickHouseServer(reply, reply);
             Fixture fixture = new Fixture(server, Duration.ofSeconds(5)))
        {
            assertEquals(outcome, fixture.insert(), fixture.writer.failure());
            final ClickHouseFailure failure = fixture.writer.lastFailure();
            assertEquals(code, failure.code(), failure.toString());
            assertEquals(httpStatus, failure.httpStatus(), failure.toString());
            fixture.assertInsertRequests(server, requests);
        }
    }

    /** client-v2 0.10.0 reports these as "Unexpected result status N" with no status attached; the status is read from that text. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("gatewayErrors")
    void shouldRetryGatewayErrorWithoutCode(final String name, final FakeReply reply, final int requests) throws Exception
    {
        try (FakeClickHouseServer server = new FakeClickHouseServer(reply, reply);
             Fixture fixture = new Fixture(server, Duration.ofSeconds(5)))
        {
            assertEquals(RETRY, fixture.insert(), fixture.writer.failure());
            fixture.assertInsertRequests(server, requests);
        }
    }

    @Test
    void shouldRetryWhenServerStallsPastInsertTimeout() throws Exception
    {
        final Duration timeout = Duration.ofSeconds(1);
        try (FakeClickHouseServer server = new FakeClickHouseServer(FakeReply.ok().stalledFor(Duration.ofSeconds(40)));
             Fixture fixture = new Fixture(server, timeout))
        {
            final long start = System.nanoTime();
            assertEquals(RETRY, fixture.insert(), fixture.writer.failure());
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(elapsedMs < timeout.toMillis() + 15_000, "returned after " + elapsedMs + " ms, not bounded by the timeout");
            assertEquals(ClickHouseErrors.NO_CODE, fixture.writer.lastFailure().code());
            // The socket timeout and the watchdog have the same deadline: either may end the wait.
            final String failure = fixture.writer.failure();
            assertTrue(failure.contains("SocketTimeoutException") || failure.contains("cancelled"), failure);
            fixture.assertOneInsertRequest(server);
        }
    }

    static Stream<Arguments> brokenConnections()
    {
        return Stream.of(
            arguments("reset in an error body", FakeReply.status(500)
                .body("Code: 252, e.displayText() = DB::Exception: Too many parts (300)" + OLD_END).resetAfter(4)),
            arguments("reset in a 200 body", FakeReply.ok().body("Ok. and the rest never comes").resetAfter(3)),
            arguments("reset before any answer", FakeReply.hangUp()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenConnections")
    void shouldRetryWhenConnectionBreaks(final String name, final FakeReply reply) throws Exception
    {
        try (FakeClickHouseServer server = new FakeClickHouseServer(reply, reply);
             Fixture fixture = new Fixture(server, Duration.ofSeconds(5)))
        {
            assertEquals(RETRY, fixture.insert(), fixture.writer.failure());
            assertEquals(ClickHouseErrors.NO_CODE, fixture.writer.lastFailure().code(), fixture.writer.failure());
            fixture.assertOneInsertRequest(server);
        }
    }

    /**
     * The reset cuts "Code: 252" to "Code: 25"; client-v2 reads the error body once and does not report the reset, so
     * only the delimiter {@link ClickHouseErrors} requires after the number keeps it from reading code 25 (FATAL).
     */
    @Test
    void shouldRetryWhenResetCutsTheCodeShort() throws Exception
    {
        final FakeReply cut = FakeReply.status(500).body("Code: 252, e.displayText() = DB::Exception: Too many parts (300)" + OLD_END)
            .resetAfter("Code: 25".length());
        try (FakeClickHouseServer server = new FakeClickHouseServer(cut);
             Fixture fixture = new Fixture(server, Duration.ofSeconds(5)))
        {
            assertEquals(RETRY, fixture.insert(), fixture.writer.failure());
            fixture.assertOneInsertRequest(server);
        }
    }

    static Stream<Arguments> trickles()
    {
        final Duration perByte = Duration.ofMillis(200);
        return Stream.of(
            arguments("200, body trickles", FakeReply.ok().trickle(perByte)),
            arguments("500 with code header, body trickles", FakeReply.status(500).code(252).trickle(perByte)),
            arguments("500 without code, body trickles", FakeReply.status(500).trickle(perByte)));
    }

    /**
     * A server that sends its status line and then one byte every 200 ms never trips the 1 s socket timeout, which
     * bounds each read, not the insert: client-v2 0.10.0 reads an error body to its end (readClickHouseError) or drains
     * the body when it closes the response. The watchdog cancels the insert at the timeout; without it each case is
     * still blocked after 15 s.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("trickles")
    void shouldGiveUpOnAnswerTricklingSlowerThanInsertTimeout(final String name, final FakeReply reply) throws Exception
    {
        final Duration timeout = Duration.ofSeconds(1);
        try (FakeClickHouseServer server = new FakeClickHouseServer(reply);
             Fixture fixture = new Fixture(server, timeout))
        {
            final long start = System.nanoTime();
            final InsertOutcome outcome = CompletableFuture.supplyAsync(fixture::insert)
                .completeOnTimeout(null, timeout.toMillis() + 14_000, TimeUnit.MILLISECONDS)
                .get();
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(RETRY, outcome, "insert still blocked " + elapsedMs + " ms into a " + timeout.toMillis() + " ms timeout");
            fixture.assertOneInsertRequest(server);
        }
    }

    /** A writer with its own client, pointed at the fake, and one small row to insert. */
    private static final class Fixture implements AutoCloseable
    {
        final Client client;
        final ClickHouseWriter writer;
        final RowBuffer rows = new RowBuffer(64);

        Fixture(final FakeClickHouseServer server, final Duration insertTimeout)
        {
            final ClickHouseConfig config = new ClickHouseConfig(server.url(), "default", "t", "default", "", insertTimeout, false, "", Duration.ZERO);
            client = config.newClient(1);
            writer = new ClickHouseWriter(config, client, OLD, COLUMNS, false);
            final byte[] msg = "hello".getBytes(StandardCharsets.UTF_8);
            rows.writeVarInt(msg.length);
            rows.writeBytes(msg, 0, msg.length);
        }

        InsertOutcome insert()
        {
            return writer.insert(rows, 1);
        }

        void assertOneInsertRequest(final FakeClickHouseServer server)
        {
            assertInsertRequests(server, 1);
        }

        /** Exactly {@code count} requests reached the server, each an INSERT carrying the whole row buffer. */
        void assertInsertRequests(final FakeClickHouseServer server, final int count)
        {
            final List<FakeRequest> requests = server.requests();
            assertEquals(count, requests.size(), "requests: " + requests);
            for (final FakeRequest request : requests)
            {
                assertTrue(request.query().matches("INSERT INTO `default`\\.`t` \\(`msg` ?\\) FORMAT RowBinary"), request.query());
                assertEquals(rows.size(), request.bodyLength());
            }
        }

        @Override
        public void close()
        {
            writer.close();
            client.close();
        }
    }
}
