package io.ringest.clickhouse;

import com.clickhouse.client.api.ClientException;
import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.DataTransferException;
import com.clickhouse.client.api.ServerException;
import io.ringest.engine.InsertOutcome;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketTimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClickHouseErrorsTest
{
    // Bodies as ClickHouse 18.16.1 sends them (captured with curl), with the suffix client-v2 0.10.0 appends.
    private static final String MISSING_TABLE_18 =
        "Code: 60, e.displayText() = DB::Exception: Table default.nope doesn't exist., e.what() = DB::Exception (transport error: 404)";
    private static final String SHORT_ROW_18 =
        "Code: 33, e.displayText() = DB::Exception: Cannot read all data. Bytes read: 0. Bytes expected: 4.: (at row 1)\n" +
        ", e.what() = DB::Exception (transport error: 500)";
    private static final String WRONG_PASSWORD_18 =
        "Code: 193, e.displayText() = DB::Exception: Wrong password for user ringest, e.what() = DB::Exception (transport error: 401)";
    private static final String UNKNOWN_USER_18 =
        "Code: 192, e.displayText() = DB::Exception: Unknown user wrong, e.what() = DB::Exception (transport error: 401)";
    private static final String UNKNOWN_FORMAT_18 =
        "Code: 73, e.displayText() = DB::Exception: Unknown format RowBinaryWithDefaults, e.what() = DB::Exception (transport error: 404)";
    private static final String TOO_MANY_PARTS_MODERN =
        "Code: 252. DB::Exception: Too many parts (300). Merges are processing significantly slower than inserts. (TOO_MANY_PARTS) (version 24.8.4.13 (official build))";

    @Test
    void shouldParseCodeFromOldAndModernMessages()
    {
        assertEquals(60, ClickHouseErrors.parseCode(MISSING_TABLE_18));
        assertEquals(33, ClickHouseErrors.parseCode(SHORT_ROW_18));
        assertEquals(193, ClickHouseErrors.parseCode(WRONG_PASSWORD_18));
        assertEquals(252, ClickHouseErrors.parseCode(TOO_MANY_PARTS_MODERN));
        assertEquals(ClickHouseErrors.NO_CODE, ClickHouseErrors.parseCode("502 Bad Gateway"));
        assertEquals(ClickHouseErrors.NO_CODE, ClickHouseErrors.parseCode(null));
    }

    @Test
    void shouldClassifyEveryListedCode()
    {
        for (final int code : new int[] {159, 164, 202, 203, 209, 210, 225, 241, 242, 243, 252, 285, 319, 425, 999})
        {
            assertEquals(InsertOutcome.RETRY, ClickHouseErrors.outcomeOf(code), "code " + code);
        }
        for (final int code : new int[] {6, 27, 33, 38, 41, 53, 70, 117})
        {
            assertEquals(InsertOutcome.REJECTED_DATA, ClickHouseErrors.outcomeOf(code), "code " + code);
        }
        assertEquals(InsertOutcome.RETRY, ClickHouseErrors.outcomeOf(16), "a dropped column waits for its return");
        for (final int code : new int[] {60, 81, 192, 193, 497})
        {
            assertEquals(InsertOutcome.FATAL, ClickHouseErrors.outcomeOf(code), "code " + code);
        }
    }

    @Test
    void shouldTreatUnknownCodesAsFatal()
    {
        assertEquals(InsertOutcome.FATAL, ClickHouseErrors.outcomeOf(73));
        assertEquals(InsertOutcome.FATAL, ClickHouseErrors.outcomeOf(62));
        assertEquals(InsertOutcome.FATAL, ClickHouseErrors.classify(server(0, UNKNOWN_FORMAT_18, 404)).outcome());
    }

    @Test
    void shouldReadCodeFromOldServerBodyWhenHeaderIsMissing()
    {
        final ClickHouseFailure missing = ClickHouseErrors.classify(server(0, MISSING_TABLE_18, 404));
        assertEquals(InsertOutcome.FATAL, missing.outcome());
        assertEquals(60, missing.code());
        assertEquals(404, missing.httpStatus());
        assertTrue(missing.message().contains("Table default.nope doesn't exist"), missing.message());

        final ClickHouseFailure shortRow = ClickHouseErrors.classify(server(0, SHORT_ROW_18, 500));
        assertEquals(InsertOutcome.REJECTED_DATA, shortRow.outcome());
        assertEquals(33, shortRow.code());
        assertFalse(shortRow.message().contains("\n"), "whitespace collapsed");

        assertEquals(InsertOutcome.FATAL, ClickHouseErrors.classify(server(0, WRONG_PASSWORD_18, 401)).outcome());
        assertEquals(192, ClickHouseErrors.classify(server(0, UNKNOWN_USER_18, 401)).code());
    }

    @Test
    void shouldPreferHeaderCodeFromModernServer()
    {
        final ClickHouseFailure f = ClickHouseErrors.classify(server(252, TOO_MANY_PARTS_MODERN, 500));
        assertEquals(InsertOutcome.RETRY, f.outcome());
        assertEquals(252, f.code());
    }

    @Test
    void shouldFindServerErrorInsideClientWrapper()
    {
        final ClientException wrapped = new ClientException("Insert failed (Attempt: 1/1 - Duration: 5)", server(0, SHORT_ROW_18, 500));
        final ClickHouseFailure f = ClickHouseErrors.classify(wrapped);
        assertEquals(InsertOutcome.REJECTED_DATA, f.outcome());
        assertTrue(f.message().startsWith("Code: 33"), f.message());
    }

    @Test
    void shouldRetryHttp5xxWithoutCode()
    {
        final ClickHouseFailure f = ClickHouseErrors.classify(server(0, "<html>Service Unavailable</html> (transport error: 503)", 503));
        assertEquals(InsertOutcome.RETRY, f.outcome());
        assertFalse(f.hasCode());
        assertEquals(InsertOutcome.RETRY, ClickHouseErrors.classify(new ClientException("Server returned '502 Bad gateway'. Check network and proxy settings.")).outcome());
    }

    @Test
    void shouldStopOnHttp4xxWithoutCode()
    {
        assertEquals(InsertOutcome.FATAL, ClickHouseErrors.classify(server(0, "Unauthorized (transport error: 401)", 401)).outcome());
        assertEquals(InsertOutcome.FATAL, ClickHouseErrors.classify(server(0, "Not Found (transport error: 404)", 404)).outcome());
    }

    @Test
    void shouldRetryIoErrorsAndTimeouts()
    {
        assertEquals(InsertOutcome.RETRY, ClickHouseErrors.classify(
            new ConnectionInitiationException("Failed to connect", new ConnectException("Connection refused"))).outcome());
        assertEquals(InsertOutcome.RETRY, ClickHouseErrors.classify(
            new DataTransferException("Failed to read", new SocketTimeoutException("Read timed out"))).outcome());
        assertEquals(InsertOutcome.RETRY, ClickHouseErrors.classify(new java.util.concurrent.TimeoutException()).outcome());
        final ClickHouseFailure f = ClickHouseErrors.classify(
            new ClientException("Insert failed (Attempt: 1/1)", new SocketTimeoutException("Read timed out")));
        assertEquals(InsertOutcome.RETRY, f.outcome());
        assertTrue(f.message().contains("SocketTimeoutException: Read timed out"), f.message());
    }

    @Test
    void shouldTreatUnexpectedExceptionsAsFatal()
    {
        assertEquals(InsertOutcome.FATAL, ClickHouseErrors.classify(new IllegalStateException("bug")).outcome());
    }

    @Test
    void shouldTrimLongMessages()
    {
        final String huge = "Code: 62, e.displayText() = DB::Exception: Syntax error: " + "x".repeat(10_000);
        final ClickHouseFailure f = ClickHouseErrors.classify(server(0, huge, 400));
        assertEquals(ClickHouseErrors.MAX_MESSAGE_LENGTH, f.message().length());
        assertTrue(f.toString().startsWith("FATAL (code 62, HTTP 400): Code: 62"), f.toString());
    }

    private static ServerException server(final int code, final String message, final int httpStatus)
    {
        return new ServerException(code, message, httpStatus, "query-1");
    }
}
