package io.ringest.clickhouse;

import com.clickhouse.client.api.ConnectionInitiationException;
import com.clickhouse.client.api.DataTransferException;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.TransportException;
import io.ringest.engine.InsertOutcome;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what client-v2 throws into a {@link ClickHouseFailure}: retry, reject the rows, or stop.
 * The error code comes from {@link ServerException#getCode()} when the server sent the
 * {@code X-ClickHouse-Exception-Code} header, else from {@code Code: N} in the body, as old servers (18.16) only send that.
 * An unknown code is {@link InsertOutcome#FATAL}: retrying it could loop forever and rejecting it could drop good rows.
 * Stateless and thread-safe.
 */
public final class ClickHouseErrors
{
    /** {@link ClickHouseFailure#code()} when the failure carried no ClickHouse error code. */
    public static final int NO_CODE = -1;
    public static final int MAX_MESSAGE_LENGTH = 1000;

    /** Overload, timeouts, network, ZooKeeper, too many parts: the same rows may succeed later. */
    static final Set<Integer> TRANSIENT = Set.of(159, 164, 202, 203, 209, 210, 225, 241, 242, 243, 252, 285, 319, 425, 439, 999);
    /**
     * A column the rows need is not in the table (16, no such column): retried like a transient error. When a re-read
     * of the table shows the column dropped, the writer stops instead ({@link #maySignalSchemaChange}).
     */
    static final Set<Integer> MISSING_COLUMN = Set.of(16);
    /** The rows themselves cannot be parsed or stored. */
    static final Set<Integer> BAD_DATA = Set.of(6, 27, 33, 38, 41, 53, 70, 117);
    /**
     * Failures that rows encoded for columns the table no longer has cause: a column dropped (16 no such column, 10 not
     * found in block, 47 unknown identifier) or retyped, whose old bytes the server then misreads (33 cannot read all
     * data, as 18.16 and 26.x both answer a UInt16 read as a String's length, 131 too large string size) or cannot
     * parse (the bad-data codes).
     */
    private static final Set<Integer> SCHEMA_CHANGE = Set.of(6, 10, 16, 27, 33, 38, 41, 47, 53, 70, 117, 131);
    /** Configuration, schema or permission problems that only an operator can fix; listed for documentation, as unknown codes are fatal too. */
    static final Set<Integer> CONFIGURATION = Set.of(60, 81, 192, 193, 497);
    /** Codes that mean the user name or password is wrong: 192 unknown user, 193 wrong password, 194 password required, 516 authentication failed. */
    static final Set<Integer> AUTHENTICATION = Set.of(192, 193, 194, 516);

    /** "Code: 252." (modern) or "Code: 252," (18.16): the delimiter is required, so a body cut short inside the number is not misread. */
    private static final Pattern CODE = Pattern.compile("Code:\\s*(\\d{1,6})[.,]");
    /** How client-v2 0.10.0 reports a status it has no handling for (408, 429, 504, ...), without attaching the status. */
    private static final Pattern UNEXPECTED_STATUS = Pattern.compile("Unexpected result status (\\d{3})");
    private static final Pattern SERVER_5XX = Pattern.compile("Server returned '5\\d\\d");
    private static final int MAX_CAUSES = 16;

    private ClickHouseErrors()
    {
    }

    /** What to do about a ClickHouse error code. */
    public static InsertOutcome outcomeOf(final int code)
    {
        if (TRANSIENT.contains(code) || MISSING_COLUMN.contains(code))
        {
            return InsertOutcome.RETRY;
        }
        if (BAD_DATA.contains(code))
        {
            return InsertOutcome.REJECTED_DATA;
        }
        return InsertOutcome.FATAL;
    }

    /** True if a changed table could have caused an insert to fail with {@code code}: worth re-reading its columns. */
    public static boolean maySignalSchemaChange(final int code)
    {
        return SCHEMA_CHANGE.contains(code);
    }

    /** The first {@code Code: N} in {@code message}, or {@link #NO_CODE}. */
    public static int parseCode(final String message)
    {
        if (message == null)
        {
            return NO_CODE;
        }
        final Matcher m = CODE.matcher(message);
        return m.find() ? Integer.parseInt(m.group(1)) : NO_CODE;
    }

    /** Classifies anything thrown by a client-v2 call; never returns {@link InsertOutcome#ACKNOWLEDGED}. */
    public static ClickHouseFailure classify(final Throwable thrown)
    {
        final ServerException server = find(thrown, ServerException.class);
        final int httpStatus = server != null ? server.getTransportProtocolCode() : unexpectedStatus(thrown);
        final String message = trim(describe(server != null ? server : thrown));
        final int code = codeOf(thrown, server);
        if (code != NO_CODE)
        {
            return new ClickHouseFailure(outcomeOf(code), code, httpStatus, message);
        }
        return new ClickHouseFailure(outcomeWithoutCode(thrown, httpStatus), NO_CODE, httpStatus, message);
    }

    private static int codeOf(final Throwable thrown, final ServerException server)
    {
        if (server != null && server.getCode() > 0)
        {
            return server.getCode();
        }
        Throwable t = thrown;
        for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause())
        {
            final int code = parseCode(t.getMessage());
            if (code != NO_CODE)
            {
                return code;
            }
        }
        return NO_CODE;
    }

    private static int unexpectedStatus(final Throwable thrown)
    {
        Throwable t = thrown;
        for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause())
        {
            final Matcher m = t.getMessage() == null ? null : UNEXPECTED_STATUS.matcher(t.getMessage());
            if (m != null && m.find())
            {
                return Integer.parseInt(m.group(1));
            }
        }
        return 0;
    }

    private static InsertOutcome outcomeWithoutCode(final Throwable thrown, final int httpStatus)
    {
        if (httpStatus >= 500 || httpStatus == 408 || httpStatus == 429)
        {
            return InsertOutcome.RETRY;
        }
        if (httpStatus != 0)
        {
            return InsertOutcome.FATAL;
        }
        Throwable t = thrown;
        for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause())
        {
            if (t instanceof IOException || t instanceof TimeoutException || t instanceof ConnectionInitiationException ||
                t instanceof DataTransferException || t instanceof TransportException ||
                (t.getMessage() != null && SERVER_5XX.matcher(t.getMessage()).find()))
            {
                return InsertOutcome.RETRY;
            }
        }
        return InsertOutcome.FATAL;
    }

    private static <T extends Throwable> T find(final Throwable thrown, final Class<T> type)
    {
        Throwable t = thrown;
        for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause())
        {
            if (type.isInstance(t))
            {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The message and, for wrappers, the root cause: client-v2 wraps I/O errors in "Insert failed (Attempt ...)". */
    private static String describe(final Throwable thrown)
    {
        Throwable root = thrown;
        for (int i = 0; root.getCause() != null && root.getCause() != root && i < MAX_CAUSES; i++)
        {
            root = root.getCause();
        }
        final String own = String.valueOf(thrown.getMessage());
        if (root == thrown)
        {
            return own;
        }
        return own + " <- " + root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    static String trim(final String message)
    {
        final String collapsed = message == null ? "" : message.replaceAll("\\s+", " ").trim();
        return collapsed.length() <= MAX_MESSAGE_LENGTH ? collapsed : collapsed.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
    }
}
