package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ClientConfigProperties;
import com.clickhouse.client.api.DataStreamWriter;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import io.ringest.clickhouse.encode.Column;
import io.ringest.engine.BatchSink;
import io.ringest.engine.InsertOutcome;
import io.ringest.engine.RowBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Sends a range of a {@link RowBuffer} of encoded rows as one {@code INSERT INTO db.table (columns) FORMAT RowBinary}
 * over HTTP, streaming {@code rows.array()} straight into the request body. One instance per writer thread, called by that thread only.
 * <p>
 * The {@link Client} is shared by all writers and owned by the caller, who closes it after the last writer:
 * client-v2's client is thread-safe (pooled Apache HttpClient 5 connections, concurrent configuration map, and with
 * async off each insert runs on the calling thread). Build it with {@link ClickHouseConfig#newClient(int)} given at least
 * the number of writers. Each insert is forced synchronous, so {@link #insert} returns only once the client has stopped
 * reading the buffer. {@code clickhouse.insert.timeout} bounds each read (the client's socket timeout) and the whole
 * insert ({@link InsertWatchdog} cancels it by its query id, unique per attempt).
 */
public final class ClickHouseWriter implements BatchSink
{
    /** Makes the server read a JSON column's RowBinary value as the object's text, which is what the encoder writes. */
    static final String JSON_AS_STRING = "input_format_binary_read_json_as_string";

    private final Client client;
    private final String table;
    private final TableSchema schema;
    private final LayoutCheck layouts;
    private final String database;
    private final BufferBody body = new BufferBody();
    private final long timeoutMillis;
    private final boolean deduplicate;
    private final TableSchemaReader landed;
    /** The token of rows whose last attempts ended without an answer, and those attempts' query ids; see {@link #settle}. */
    private String unanswered;
    private final List<String> unansweredIds = new ArrayList<>();
    /** Set by the watchdog when it cancels the insert in progress. */
    private volatile boolean cancelled;
    private String failure = "";
    private ClickHouseFailure lastFailure;

    /**
     * A writer of rows encoded for {@code columns}, which the table is taken to keep.
     *
     * @param config       target table and insert timeout
     * @param client       shared client built by {@link ClickHouseConfig#newClient(int)}; not closed by this writer
     * @param server       the server's version, from {@link TableSchemaReader#readVersion()}
     * @param columns      the table's columns; the insertable ones, in this order, are what each encoded row holds
     * @param withDefaults rows carry a use-the-default byte before each value ({@code RowBinaryWithDefaults}, ClickHouse 23.7+)
     */
    public ClickHouseWriter(
        final ClickHouseConfig config,
        final Client client,
        final ServerVersion server,
        final List<Column> columns,
        final boolean withDefaults)
    {
        this(config, client, server, TableSchema.fixed(config, server, TableLayout.forInserts(config, server, columns, withDefaults)),
            null);
    }

    /**
     * A writer of rows encoded with any layout of {@code schema}, the table's, shared with the other writers.
     *
     * @param landed reads the table's metadata columns to learn whether an attempt that ended without an answer (a
     *               timeout, a reset) stored its rows after all, before they are sent again; null if the table lacks them
     */
    ClickHouseWriter(
        final ClickHouseConfig config,
        final Client client,
        final ServerVersion server,
        final TableSchema schema,
        final TableSchemaReader landed)
    {
        this.landed = landed;
        this.client = client;
        this.schema = schema;
        this.layouts = new LayoutCheck(schema);
        this.timeoutMillis = config.insertTimeout().toMillis();
        this.deduplicate = server.isAtLeast(22, 2);
        this.table = config.qualifiedTable();
        this.database = config.database();
    }

    @Override
    public InsertOutcome insert(final RowBuffer rows, final int from, final int to, final int rowCount)
    {
        return insert(rows, from, to, rowCount, null, null);
    }

    @Override
    public InsertOutcome insert(final RowBuffer rows, final int from, final int to, final int rowCount, final String token)
    {
        return insert(rows, from, to, rowCount, token, null);
    }

    /**
     * Sends the rows, encoded with {@code layout} (a {@link TableLayout} of this table; null: the current one), naming
     * that layout's columns, with {@code insert_deduplication_token} set to {@code token} on servers that know it (22.2+),
     * so that a retry of an insert the server did store (its answer lost, or cancelled at the deadline) is skipped by
     * tables that deduplicate inserts: Replicated*MergeTree, or MergeTree with {@code non_replicated_deduplication_window}.
     * Rows of a layout the table no longer takes (a column of theirs dropped or retyped) are {@link InsertOutcome#FATAL}:
     * known so before sending once the table was re-read, or after a failure of the kind such rows cause.
     */
    @Override
    public InsertOutcome insert(
        final RowBuffer rows, final int from, final int to, final int rowCount, final String token, final Object layout)
    {
        if (rowCount == 0)
        {
            return acknowledged();
        }
        final TableLayout shape = layouts.resolve(layout);
        final String change = layouts.change(shape);
        if (change != null)
        {
            return changed(shape, change, null);
        }
        if (landed != null && token != null && token.equals(unanswered))
        {
            final InsertOutcome settled = settle(token, rowCount);
            if (settled != null)
            {
                return settled;
            }
        }
        body.wrap(rows, from, to);
        final String queryId = QueryIds.next();
        cancelled = false;
        final Future<?> watch = InsertWatchdog.watch(client, queryId, timeoutMillis, () -> cancelled = true);
        unansweredIds.add(queryId);
        try (InsertResponse ignored = client.insert(table, shape.insertColumns(), body, shape.format(), settings(queryId, token, shape)).get())
        {
            if (body.sent != to - from)
            {
                return failed(new ClickHouseFailure(InsertOutcome.RETRY, ClickHouseErrors.NO_CODE, 0,
                    "client reported success but sent " + body.sent + " of " + (to - from) + " bytes"));
            }
            return acknowledged();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return failed(ClickHouseErrors.classify(e));
        }
        catch (final ExecutionException e)
        {
            return recheck(shape, unanswered(token, failed(e.getCause())));
        }
        catch (final Exception e)
        {
            return recheck(shape, unanswered(token, failed(e)));
        }
        finally
        {
            watch.cancel(false);
            body.release();
        }
    }

    @Override
    public String failure()
    {
        return failure;
    }

    /** The last failure as a value, with its code and HTTP status; null after an acknowledged insert. */
    public ClickHouseFailure lastFailure()
    {
        return lastFailure;
    }

    /** The format this writer sends rows of the table's current layout in. */
    public ClickHouseFormat format()
    {
        return schema.current().format();
    }

    /** Does not close the shared client. */
    @Override
    public void close()
    {
    }

    /** Settings of one attempt, made afresh so that nothing of an earlier one (its token) carries over. */
    private InsertSettings settings(final String queryId, final String token, final TableLayout layout)
    {
        final InsertSettings settings = new InsertSettings();
        settings.setDatabase(database);
        settings.setOption(ClientConfigProperties.ASYNC_OPERATIONS.getKey(), false);
        settings.setQueryId(queryId);
        if (deduplicate && token != null && !token.isEmpty())
        {
            settings.setDeduplicationToken(token);
        }
        if (layout.jsonAsString())
        {
            settings.serverSetting(JSON_AS_STRING, "1");
        }
        return settings;
    }

    /**
     * After a failure rows of a changed table would cause ({@link ClickHouseErrors#maySignalSchemaChange}), learns whether
     * the table still takes rows of {@code layout} ({@link LayoutCheck#changeAfterFailure}) and makes the failure
     * {@link InsertOutcome#FATAL} if not. A re-read that fails makes it a retry: rows are dead-lettered only once the
     * table is known to be unchanged.
     */
    private InsertOutcome recheck(final TableLayout layout, final InsertOutcome outcome)
    {
        if (!ClickHouseErrors.maySignalSchemaChange(lastFailure.code()))
        {
            return outcome;
        }
        final ClickHouseFailure cause = lastFailure;
        final String change;
        try
        {
            change = layouts.changeAfterFailure(layout);
        }
        catch (final RuntimeException e)
        {
            return failed(new ClickHouseFailure(InsertOutcome.RETRY, cause.code(), cause.httpStatus(), cause.message()
                + " (retrying: cannot re-read the table's columns to learn whether it changed: " + e.getMessage() + ")"));
        }
        return change == null ? outcome : changed(layout, change, cause);
    }

    /** Rows of {@code layout} that the table, changed under them, cannot take: stop, and say how to go on. */
    private InsertOutcome changed(final TableLayout layout, final String change, final ClickHouseFailure cause)
    {
        return failed(new ClickHouseFailure(InsertOutcome.FATAL, cause == null ? ClickHouseErrors.NO_CODE : cause.code(),
            cause == null ? 0 : cause.httpStatus(), "table " + table + " changed while ringest ran: " + change
            + "; rows encoded before the change (layout " + layout.version() + ") cannot be stored; restart ringest, which "
            + "reads the uncommitted records again and encodes them for the new columns"
            + (cause == null ? "" : " (the insert failed with: " + cause.message() + ")")));
    }

    /**
     * Decides about rows whose earlier attempt ended without an answer, which the server may yet have stored: waits
     * (as a retry) while any such attempt still runs on the server, then acknowledges the rows if the table holds them
     * all; null if it holds none, so they are sent again. A request still queued unread on the server is not seen.
     */
    private InsertOutcome settle(final String token, final int rowCount)
    {
        try
        {
            if (landed.running(unansweredIds))
            {
                return failed(new ClickHouseFailure(InsertOutcome.RETRY, ClickHouseErrors.NO_CODE, 0,
                    "an earlier attempt at these rows still runs on the server; waiting for it before sending them again"));
            }
            final long stored = landed.landedRows(token);
            if (stored >= rowCount)
            {
                return acknowledged();
            }
            return null;
        }
        catch (final RuntimeException e)
        {
            return failed(new ClickHouseFailure(InsertOutcome.RETRY, ClickHouseErrors.NO_CODE, 0,
                "cannot learn whether an earlier attempt stored these rows, so not sending them again yet: " + e.getMessage()));
        }
    }

    /** Remembers rows whose attempt got no answer (no HTTP status): the server may have stored them anyway. */
    private InsertOutcome unanswered(final String token, final InsertOutcome outcome)
    {
        if (outcome == InsertOutcome.RETRY && lastFailure.httpStatus() == 0 && token != null)
        {
            if (!token.equals(unanswered))
            {
                unansweredIds.subList(0, unansweredIds.size() - 1).clear();
            }
            unanswered = token;
        }
        return outcome;
    }

    private InsertOutcome acknowledged()
    {
        layouts.stored();
        unanswered = null;
        unansweredIds.clear();
        failure = "";
        lastFailure = null;
        return InsertOutcome.ACKNOWLEDGED;
    }

    /** Classifies what an insert threw; one the watchdog cancelled is retried, whatever the client made of it. */
    private InsertOutcome failed(final Throwable thrown)
    {
        if (cancelled)
        {
            return failed(new ClickHouseFailure(InsertOutcome.RETRY, ClickHouseErrors.NO_CODE, 0,
                "no complete answer within clickhouse.insert.timeout=" + timeoutMillis + "ms, cancelled (" +
                ClickHouseErrors.trim(String.valueOf(thrown)) + ")"));
        }
        return failed(ClickHouseErrors.classify(thrown));
    }

    private InsertOutcome failed(final ClickHouseFailure f)
    {
        lastFailure = f;
        failure = "insert into " + table + ": " + f;
        return f.outcome();
    }

    /** The request body: a range of the buffer's bytes, written in one call from its backing array, and counted. */
    private static final class BufferBody implements DataStreamWriter
    {
        private RowBuffer rows;
        private int from;
        private int to;
        private long sent;

        void wrap(final RowBuffer rows, final int from, final int to)
        {
            this.rows = rows;
            this.from = from;
            this.to = to;
            this.sent = 0;
        }

        void release()
        {
            rows = null;
        }

        @Override
        public void onOutput(final OutputStream out) throws IOException
        {
            sent = 0;
            out.write(rows.array(), from, to - from);
            sent = to - from;
        }

        @Override
        public void onRetry()
        {
            sent = 0;
        }
    }
}
