package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import io.ringest.clickhouse.encode.Column;
import io.ringest.engine.ConfigException;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Reads, at start-up, the target table's columns ({@code DESCRIBE TABLE}) and the server version ({@code SELECT version()}).
 * Both ask for {@code FORMAT TabSeparated}, which every server since 2016 can write; client-v2's default binary format
 * is unknown to 18.16. Failures become a {@link ConfigException} naming the key to check. Use from one thread at a time.
 */
public final class TableSchemaReader
{
    private final ClickHouseConfig config;
    private final Client client;

    public TableSchemaReader(final ClickHouseConfig config, final Client client)
    {
        this.config = config;
        this.client = client;
    }

    /** The table's columns in table order, MATERIALIZED and ALIAS ones included; see {@link Column#isInsertable()}. */
    public List<Column> readColumns()
    {
        final String body = queryText("DESCRIBE TABLE " + config.qualifiedTable() + " FORMAT TabSeparated");
        final List<Column> columns = new ArrayList<>();
        for (final List<String> row : TabSeparated.rows(body))
        {
            if (row.size() < 2)
            {
                throw new ConfigException("unexpected DESCRIBE TABLE row for " + config.qualifiedTable() + ": " + row);
            }
            columns.add(new Column(row.get(0), row.get(1), field(row, 2), field(row, 3)));
        }
        if (columns.isEmpty())
        {
            throw new ConfigException("DESCRIBE TABLE " + config.qualifiedTable() + " returned no columns: check clickhouse.table");
        }
        return List.copyOf(columns);
    }

    /** The server's version, e.g. to decide whether it accepts {@code RowBinaryWithDefaults}. */
    public ServerVersion readVersion()
    {
        final String body = queryText("SELECT version() FORMAT TabSeparated");
        try
        {
            return ServerVersion.parse(body);
        }
        catch (final IllegalArgumentException e)
        {
            throw new ConfigException("the server at clickhouse.url=" + config.url() + " answered SELECT version() with '" +
                ClickHouseErrors.trim(body) + "': is it ClickHouse?");
        }
    }

    /**
     * The {@code _offset}s at or above {@code from} stored for one topic and partition, ascending; the table must have
     * the metadata columns. First waits, at most {@code clickhouse.insert.timeout}, while an insert another ringest
     * process sent is still running on the server: a process killed right after sending a batch leaves its insert
     * running, and rows that land after this read would be inserted again by the new owner.
     */
    public long[] readStoredOffsets(final String topic, final int partition, final long from)
    {
        awaitOthersInserts();
        final String body = queryText("SELECT `_offset` FROM " + config.qualifiedTable() + " WHERE `_topic` = "
            + literal(topic) + " AND `_partition` = " + partition + " AND `_offset` >= " + from + " ORDER BY `_offset` FORMAT TabSeparated");
        return TabSeparated.rows(body).stream().mapToLong(row -> Long.parseLong(row.get(0))).toArray();
    }

    /**
     * Waits for the inserts of other ringest processes that run now, not for any that start later: those cannot hold
     * records of a partition just assigned here, whose earlier owner gave it up or died.
     */
    private void awaitOthersInserts()
    {
        final List<String> others = TabSeparated.rows(queryText("SELECT query_id FROM system.processes WHERE startsWith(query_id, "
            + literal(QueryIds.ANY) + ") AND NOT startsWith(query_id, " + literal(QueryIds.OWN) + ") FORMAT TabSeparated"))
            .stream().map(row -> row.get(0)).toList();
        final long deadline = System.nanoTime() + config.insertTimeout().toNanos();
        while (!others.isEmpty() && running(others) && System.nanoTime() < deadline)
        {
            try
            {
                Thread.sleep(100);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * How many rows the table holds from the records a deduplication token names ({@code topic-partition:lowest-highest},
     * space-separated, after {@code route=<name>} when there are several routes, see the engine's WriterHandler); the
     * table must have the metadata columns.
     */
    public long landedRows(final String token)
    {
        final StringBuilder where = new StringBuilder();
        for (final String range : token.split(" "))
        {
            if (range.startsWith("route="))
            {
                continue;
            }
            final int colon = range.lastIndexOf(':');
            final int dash = range.lastIndexOf('-', colon);
            final String[] offsets = range.substring(colon + 1).split("-");
            where.append(where.length() == 0 ? "" : " OR ").append("(`_topic` = ").append(literal(range.substring(0, dash)))
                .append(" AND `_partition` = ").append(Integer.parseInt(range.substring(dash + 1, colon)))
                .append(" AND `_offset` BETWEEN ").append(Long.parseLong(offsets[0])).append(" AND ").append(Long.parseLong(offsets[1]))
                .append(')');
        }
        return Long.parseLong(queryText("SELECT count() FROM " + config.qualifiedTable() + " WHERE " + where + " FORMAT TabSeparated").trim());
    }

    /** True while the server still runs any of these queries ({@code system.processes}). */
    public boolean running(final List<String> queryIds)
    {
        final String ids = queryIds.stream().map(TableSchemaReader::literal).reduce((a, b) -> a + ", " + b).orElse("''");
        return Long.parseLong(queryText("SELECT count() FROM system.processes WHERE query_id IN (" + ids + ") FORMAT TabSeparated").trim()) > 0;
    }

    private static String literal(final String s)
    {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private String queryText(final String sql)
    {
        final QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.TabSeparated).setDatabase(config.database());
        try (QueryResponse response = client.query(sql, settings).get(config.insertTimeout().toMillis(), TimeUnit.MILLISECONDS);
             InputStream in = response.getInputStream())
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while running '" + sql + "' against clickhouse.url=" + config.url());
        }
        catch (final ExecutionException e)
        {
            throw explain(sql, e.getCause());
        }
        catch (final Exception e)
        {
            throw explain(sql, e);
        }
    }

    private ConfigException explain(final String sql, final Throwable thrown)
    {
        final ClickHouseFailure f = ClickHouseErrors.classify(thrown);
        final String said = " (" + f + ")";
        if (f.code() == 60)
        {
            final String dot = config.table().indexOf('.') >= 0
                ? " (a dot in clickhouse.table is part of the name; the database goes in clickhouse.database)" : "";
            return new ConfigException("table " + config.qualifiedTable() + " does not exist: check clickhouse.database and clickhouse.table" + dot + said);
        }
        if (f.code() == 81)
        {
            return new ConfigException("database " + ClickHouseConfig.quote(config.database()) + " does not exist: check clickhouse.database" + said);
        }
        if (ClickHouseErrors.AUTHENTICATION.contains(f.code()) || f.httpStatus() == 401 || f.httpStatus() == 403)
        {
            return new ConfigException("ClickHouse at " + config.url() + " refused user '" + config.user() +
                "': check clickhouse.user and clickhouse.password" + said);
        }
        if (!f.hasCode() && f.httpStatus() == 0)
        {
            return new ConfigException("cannot reach ClickHouse at clickhouse.url=" + config.url() + said);
        }
        return new ConfigException("'" + sql + "' failed against clickhouse.url=" + config.url() + said);
    }

    private static String field(final List<String> row, final int index)
    {
        return index < row.size() ? row.get(index) : "";
    }
}
