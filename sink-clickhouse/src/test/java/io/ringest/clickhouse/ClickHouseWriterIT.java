package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
import io.ringest.clickhouse.encode.Column;
import io.ringest.clickhouse.encode.Rows;
import io.ringest.engine.InsertOutcome;
import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * {@link ClickHouseWriter} against the real server (see {@link TestClickHouse}). Every outcome is checked against the
 * rows that really landed, counted over a separate HTTP connection: client-v2's success alone proves nothing.
 */
class ClickHouseWriterIT
{
    private static final long TS = 1_700_000_000L;

    private final String table = TestClickHouse.uniqueTable("insert");
    private ClickHouseConfig config;
    private Client client;
    private ServerVersion version;
    private List<Column> columns;

    @BeforeEach
    void createTable()
    {
        TestClickHouse.query("CREATE TABLE default." + table +
            " (msg String, n UInt32, ts DateTime, len UInt64 MATERIALIZED length(msg)) ENGINE = MergeTree ORDER BY ts");
        config = config("default", "");
        client = config.newClient(2);
        final TableSchemaReader reader = new TableSchemaReader(config, client);
        version = reader.readVersion();
        columns = reader.readColumns();
    }

    @AfterEach
    void dropTable()
    {
        client.close();
        TestClickHouse.drop(table);
    }

    @Test
    void shouldInsertHandWrittenRowBinaryAndReadItBack()
    {
        final RowBuffer rows = new RowBuffer(64);
        row(rows, "hello", 1, TS);
        row(rows, "tab\there\nnewline", 2, TS + 1);
        row(rows, "ünïcødé ✓", 3, TS + 2);

        try (ClickHouseWriter writer = new ClickHouseWriter(config, client, version, columns, false))
        {
            assertEquals(InsertOutcome.ACKNOWLEDGED, writer.insert(rows, 3), writer.failure());
            rows.clear();
            row(rows, "reused buffer", 4, TS + 3);
            assertEquals(InsertOutcome.ACKNOWLEDGED, writer.insert(rows, 1), writer.failure());
        }

        assertEquals(4, TestClickHouse.count(table));
        assertEquals(
            "hello\t1\t1700000000\t5\n" +
            "tab\\there\\nnewline\t2\t1700000001\t16\n" +
            "ünïcødé ✓\t3\t1700000002\t" + "ünïcødé ✓".getBytes(StandardCharsets.UTF_8).length + "\n" +
            "reused buffer\t4\t1700000003\t13\n",
            TestClickHouse.query("SELECT msg, n, toUnixTimestamp(ts), len FROM default." + table + " ORDER BY n FORMAT TabSeparated"));
    }

    @Test
    void shouldInsertWithCompression()
    {
        final ClickHouseConfig compressed = new ClickHouseConfig(TestClickHouse.URL, "default", table, "default", "",
            Duration.ofSeconds(30), true, "", Duration.ZERO);
        try (Client compressedClient = compressed.newClient(1);
             ClickHouseWriter writer = new ClickHouseWriter(compressed, compressedClient, version, columns, false))
        {
            final RowBuffer rows = new RowBuffer(1 << 16);
            for (int n = 0; n < 1_000; n++)
            {
                row(rows, "compressed row " + n, n, TS + n);
            }
            assertEquals(InsertOutcome.ACKNOWLEDGED, writer.insert(rows, 1_000), writer.failure());
            assertEquals(1_000, TestClickHouse.count(table));
            assertEquals(columns, new TableSchemaReader(compressed, compressedClient).readColumns());

            rows.clear();
            rows.writeVarInt(3);
            rows.writeBytes("bad".getBytes(StandardCharsets.UTF_8), 0, 3);
            assertEquals(InsertOutcome.REJECTED_DATA, writer.insert(rows, 1), writer.failure());
        }
        assertEquals(1_000, TestClickHouse.count(table));
    }

    @Test
    void shouldNotAcknowledgeInsertIntoMissingTable()
    {
        final ClickHouseConfig missing = new ClickHouseConfig(TestClickHouse.URL, "default", table + "_missing", "default", "",
            Duration.ofSeconds(10), false, "", Duration.ZERO);
        try (ClickHouseWriter writer = new ClickHouseWriter(missing, client, version, columns, false))
        {
            final InsertOutcome outcome = writer.insert(oneRow(), 1);
            assertNotEquals(InsertOutcome.ACKNOWLEDGED, outcome);
            assertEquals(InsertOutcome.FATAL, outcome, writer.failure());
            assertEquals(60, writer.lastFailure().code(), writer.failure());
        }
        assertEquals(0, TestClickHouse.count(table));
    }

    @Test
    void shouldRejectTypeMismatchedBody()
    {
        final RowBuffer rows = new RowBuffer(64);
        row(rows, "good", 1, TS);
        rows.writeVarInt(3);
        rows.writeBytes("bad".getBytes(StandardCharsets.UTF_8), 0, 3);
        rows.writeShortLE(7); // a UInt32 cut to two bytes, and no DateTime
        try (ClickHouseWriter writer = new ClickHouseWriter(config, client, version, columns, false))
        {
            assertEquals(InsertOutcome.REJECTED_DATA, writer.insert(rows, 2), writer.failure());
            assertTrue(writer.failure().contains("Code: 33"), writer.failure());
        }
        assertEquals(0, TestClickHouse.count(table));
    }

    @Test
    void shouldStopOnWrongPassword()
    {
        final ClickHouseConfig wrong = config("default", "wrong-password");
        try (Client wrongClient = wrong.newClient(1); ClickHouseWriter writer = new ClickHouseWriter(wrong, wrongClient, version, columns, false))
        {
            assertEquals(InsertOutcome.FATAL, writer.insert(oneRow(), 1), writer.failure());
            assertEquals(193, writer.lastFailure().code(), writer.failure());
            assertTrue(!writer.failure().contains("wrong-password"), writer.failure());
        }
        assertEquals(0, TestClickHouse.count(table));
    }

    @Test
    void shouldNeverAcknowledgeAFormatTheServerLacks()
    {
        assumeFalse(version.supportsRowBinaryWithDefaults(), "server " + version + " accepts RowBinaryWithDefaults");
        final ServerVersion pretend = ServerVersion.parse("23.7.1");
        try (ClickHouseWriter writer = new ClickHouseWriter(config, client, pretend, columns, true))
        {
            assertEquals(InsertOutcome.FATAL, writer.insert(oneRow(), 1), writer.failure());
        }
        assertEquals(0, TestClickHouse.count(table));
    }

    @Test
    void shouldShareOneClientBetweenWriterThreads() throws Exception
    {
        final int threads = 2;
        final int batches = 20;
        final int rowsPerBatch = 1_000;
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try
        {
            final List<Future<Integer>> acknowledged = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final int thread = t;
                acknowledged.add(pool.submit(() -> insertBatches(thread, batches, rowsPerBatch)));
            }
            for (final Future<Integer> f : acknowledged)
            {
                assertEquals(batches, f.get());
            }
        }
        finally
        {
            pool.shutdownNow();
        }
        assertEquals((long)threads * batches * rowsPerBatch, TestClickHouse.count(table));
        assertEquals(threads * batches * rowsPerBatch + "\n",
            TestClickHouse.query("SELECT uniqExact(n) FROM default." + table + " FORMAT TabSeparated"));
    }

    private int insertBatches(final int thread, final int batches, final int rowsPerBatch)
    {
        int acknowledged = 0;
        final RowBuffer rows = new RowBuffer(1 << 16);
        try (ClickHouseWriter writer = new ClickHouseWriter(config, client, version, columns, false))
        {
            for (int b = 0; b < batches; b++)
            {
                rows.clear();
                for (int r = 0; r < rowsPerBatch; r++)
                {
                    row(rows, "thread " + thread, (thread * batches + b) * rowsPerBatch + r, TS + r);
                }
                if (writer.insert(rows, rowsPerBatch) == InsertOutcome.ACKNOWLEDGED)
                {
                    acknowledged++;
                }
            }
        }
        return acknowledged;
    }

    /**
     * An attempt the server stores but whose answer never arrives is not sent again: the next attempt at the same rows
     * (same token) finds them in the table by their metadata columns and is acknowledged. Without that check the rows
     * would be stored twice, as they were when ClickHouse was frozen past the insert timeout (chaos clickhouse-stop).
     */
    @Test
    void shouldNotSendAgainRowsAnUnansweredAttemptStored() throws Exception
    {
        final String meta = TestClickHouse.uniqueTable("landed");
        TestClickHouse.query("CREATE TABLE default." + meta + " (msg String, _topic String, _partition Int32, _offset Int64)"
            + " ENGINE = MergeTree ORDER BY (_topic, _partition, _offset)");
        try (AnswerDroppingProxy proxy = new AnswerDroppingProxy(TestClickHouse.URL, 1))
        {
            final ClickHouseConfig viaProxy = new ClickHouseConfig(proxy.url(), "default", meta, "default", "", Duration.ofSeconds(30), false, "", Duration.ZERO);
            final List<Column> metaColumns = List.of(Rows.column("msg", "String"), Rows.column("_topic", "String"),
                Rows.column("_partition", "Int32"), Rows.column("_offset", "Int64"));
            final RowBuffer rows = new RowBuffer(64);
            for (int offset = 10; offset < 13; offset++)
            {
                final byte[] msg = ("m" + offset).getBytes(StandardCharsets.UTF_8);
                rows.writeVarInt(msg.length);
                rows.writeBytes(msg, 0, msg.length);
                rows.writeVarInt(4);
                rows.writeBytes("logs".getBytes(StandardCharsets.UTF_8), 0, 4);
                rows.writeIntLE(0);
                rows.writeLongLE(offset);
            }
            try (Client proxyClient = viaProxy.newClient(1);
                 ClickHouseWriter writer = new ClickHouseWriter(viaProxy, proxyClient, version,
                     TableSchema.fixed(viaProxy, version, TableLayout.forInserts(viaProxy, version, metaColumns, false)),
                     new TableSchemaReader(viaProxy, proxyClient)))
            {
                assertEquals(InsertOutcome.RETRY, writer.insert(rows, 0, rows.size(), 3, "logs-0:10-12"), writer.failure());
                assertEquals(3, TestClickHouse.count(meta), "the server stored the attempt whose answer was dropped");
                assertEquals(InsertOutcome.ACKNOWLEDGED, writer.insert(rows, 0, rows.size(), 3, "logs-0:10-12"), writer.failure());
            }
            assertEquals(3, TestClickHouse.count(meta), "sent once");
        }
        finally
        {
            TestClickHouse.drop(meta);
        }
    }

    private ClickHouseConfig config(final String user, final String password)
    {
        return new ClickHouseConfig(TestClickHouse.URL, "default", table, user, password, Duration.ofSeconds(30), false, "", Duration.ZERO);
    }

    private static RowBuffer oneRow()
    {
        final RowBuffer rows = new RowBuffer(64);
        row(rows, "one", 1, TS);
        return rows;
    }

    /** RowBinary for (msg String, n UInt32, ts DateTime): varint length + UTF-8, UInt32 LE, UInt32 LE seconds. */
    private static void row(final RowBuffer rows, final String msg, final int n, final long epochSeconds)
    {
        final byte[] utf8 = msg.getBytes(StandardCharsets.UTF_8);
        rows.writeVarInt(utf8.length);
        rows.writeBytes(utf8, 0, utf8.length);
        rows.writeIntLE(n);
        rows.writeIntLE((int)epochSeconds);
    }
}
