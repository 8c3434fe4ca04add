package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ClientConfigProperties;
import com.clickhouse.client.api.DataStreamWriter;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import io.ringest.engine.BatchSink;
import io.ringest.engine.ConfigException;
import io.ringest.engine.InsertOutcome;
import io.ringest.engine.RowBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
    private final Client client;
    private final String table;
    private final List<String> columns;
    private final ClickHouseFormat format;
    private final InsertSettings settings = new InsertSettings();
    private final BufferBody body = new BufferBody();
    private final long timeoutMillis;
    private final boolean deduplicate;
    /** Set by the watchdog when it cancels the insert in progress. */
    private volatile boolean cancelled;
    private String failure = "";
    private ClickHouseFailure lastFailure;

    /**
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
        if (withDefaults && !server.supportsRowBinaryWithDefaults())
        {
            throw new ConfigException("RowBinaryWithDefaults needs ClickHouse 23.7 or later, the server at clickhouse.url=" +
                config.url() + " is " + server);
        }
        this.client = client;
        this.timeoutMillis = config.insertTimeout().toMillis();
        this.deduplicate = server.isAtLeast(22, 2);
        this.table = config.qualifiedTable();
        this.columns = insertableNames(columns);
        if (this.columns.isEmpty())
        {
            throw new ConfigException("table " + table + " has no insertable columns: check clickhouse.table");
        }
        this.format = withDefaults ? ClickHouseFormat.RowBinaryWithDefaults : ClickHouseFormat.RowBinary;
        settings.setDatabase(config.database());
        settings.setOption(ClientConfigProperties.ASYNC_OPERATIONS.getKey(), false);
    }

    @Override
    public InsertOutcome insert(final RowBuffer rows, final int from, final int to, final int rowCount)
    {
        return insert(rows, from, to, rowCount, null);
    }

    /**
     * Sends the rows with {@code insert_deduplication_token} set to {@code token} on servers that know it (22.2+), so
     * that a retry of an insert the server did store (its answer lost, or cancelled at the deadline) is skipped by
     * tables that deduplicate inserts: Replicated*MergeTree, or MergeTree with {@code non_replicated_deduplication_window}.
     */
    @Override
    public InsertOutcome insert(final RowBuffer rows, final int from, final int to, final int rowCount, final String token)
    {
        if (deduplicate && token != null && !token.isEmpty())
        {
            settings.setDeduplicationToken(token);
        }
        if (rowCount == 0)
        {
            return acknowledged();
        }
        body.wrap(rows, from, to);
        final String queryId = UUID.randomUUID().toString();
        settings.setQueryId(queryId);
        cancelled = false;
        final Future<?> watch = InsertWatchdog.watch(client, queryId, timeoutMillis, () -> cancelled = true);
        try (InsertResponse ignored = client.insert(table, columns, body, format, settings).get())
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
            return failed(e.getCause());
        }
        catch (final Exception e)
        {
            return failed(e);
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

    /** The format this writer sends. */
    public ClickHouseFormat format()
    {
        return format;
    }

    /** Does not close the shared client. */
    @Override
    public void close()
    {
    }

    private InsertOutcome acknowledged()
    {
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

    private static List<String> insertableNames(final List<Column> columns)
    {
        final List<String> names = new ArrayList<>(columns.size());
        for (final Column column : columns)
        {
            if (column.isInsertable())
            {
                names.add(ClickHouseConfig.quote(column.name()));
            }
        }
        return List.copyOf(names);
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
