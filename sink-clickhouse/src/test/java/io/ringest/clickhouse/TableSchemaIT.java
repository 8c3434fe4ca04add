package io.ringest.clickhouse;

import io.ringest.clickhouse.encode.Rows;
import io.ringest.engine.BatchSink;
import io.ringest.engine.InsertOutcome;
import io.ringest.engine.RowBuffer;
import io.ringest.engine.RowEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A table changed under a running encoder and writer on the real server (18.16 here): a column added is re-read by the
 * {@code clickhouse-schema} thread and filled from the next batch on, while rows encoded before go in as they were;
 * rows of a column since retyped or dropped stop the writer with a message instead of being refused row by row; a real
 * bad row in an unchanged table is still refused; a column added that ringest cannot write keeps the old layout.
 */
class TableSchemaIT
{
    private final String table = TestClickHouse.uniqueTable("schema");
    private final List<String> log = new CopyOnWriteArrayList<>();
    private ClickHouseServer server;

    @AfterEach
    void close()
    {
        if (server != null)
        {
            server.close();
        }
        TestClickHouse.drop(table);
    }

    private ClickHouseTable open(final String columns, final Duration refresh)
    {
        TestClickHouse.query("CREATE TABLE default." + table + " (" + columns + ") ENGINE = MergeTree ORDER BY tuple()");
        final ClickHouseConfig config = new ClickHouseConfig(TestClickHouse.URL, "default", table, "default", "",
            Duration.ofSeconds(30), false, "", refresh);
        server = ClickHouseServer.connect(config, 2, log::add);
        return server.table(config, Map.of());
    }

    @Test
    void shouldFillAColumnAddedWhileRunningFromTheNextBatchOn() throws Exception
    {
        final ClickHouseTable opened = open("msg String, status UInt16", Duration.ofMillis(100));
        final RowEncoder encoder = opened.encoder(opened.absentFields(log::add, ""));
        final BatchSink writer = opened.writers(1, false).get(0);
        final Object before = encoder.batchStarted();
        final RowBuffer first = new RowBuffer(64);
        encode(encoder, first, "{\"msg\":\"before 1\",\"status\":200,\"region\":\"eu\"}");

        TestClickHouse.query("ALTER TABLE default." + table + " ADD COLUMN region String");
        waitFor(() -> opened.schema().current().version() == 2);
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("clickhouse-schema")));
        assertEquals(List.of("schema of `default`.`" + table + "` changed: added region String; filled from the next batch on"), log);

        encode(encoder, first, "{\"msg\":\"before 2\",\"status\":200,\"region\":\"eu\"}");
        assertEquals(InsertOutcome.ACKNOWLEDGED, writer.insert(first, 0, first.size(), 2, null, before), writer.failure());

        encoder.batchPublished();
        final Object after = encoder.batchStarted();
        assertNotSame(before, after);
        final RowBuffer second = new RowBuffer(64);
        encode(encoder, second, "{\"msg\":\"after\",\"status\":404,\"region\":\"eu\"}");
        assertEquals(InsertOutcome.ACKNOWLEDGED, writer.insert(second, 0, second.size(), 1, null, after), writer.failure());

        assertEquals("after\t404\teu\nbefore 1\t200\t\nbefore 2\t200\t\n",
            TestClickHouse.query("SELECT msg, status, region FROM default." + table + " ORDER BY msg FORMAT TabSeparated"));
    }

    /**
     * 18.16 reads a UInt16 written for a column now String as the String's length (200 is the varint 0xC8 0x00, 72
     * bytes) and answers Code 33: the writer re-reads the table and stops, naming the change, and stores nothing.
     * After the re-read, rows of the new layout go in.
     */
    @Test
    void shouldStopOnRowsOfARetypedColumnInsteadOfRefusingThem()
    {
        final ClickHouseTable opened = open("msg String, status UInt16", Duration.ZERO);
        final RowEncoder encoder = opened.encoder(opened.absentFields(log::add, ""));
        final BatchSink writer = opened.writers(1, false).get(0);
        final Object old = encoder.batchStarted();
        final RowBuffer rows = new RowBuffer(64);
        encode(encoder, rows, "{\"msg\":\"a\",\"status\":200}");
        encode(encoder, rows, "{\"msg\":\"b\",\"status\":500}");

        TestClickHouse.query("ALTER TABLE default." + table + " MODIFY COLUMN status String");
        assertEquals(InsertOutcome.FATAL, writer.insert(rows, 0, rows.size(), 2, null, old));
        final String expected = "insert into `default`.`" + table + "`: FATAL (code 33, HTTP 500): table `default`.`" + table
            + "` changed while ringest ran: column `status` retyped from UInt16 to String; rows encoded before the change "
            + "(layout 1) cannot be stored; restart ringest, which reads the uncommitted records again and encodes them for "
            + "the new columns (the insert failed with: Code: 33";
        assertTrue(writer.failure().startsWith(expected), writer.failure());
        assertEquals(0, TestClickHouse.count(table));
        assertEquals(List.of("schema of `default`.`" + table + "` changed: retyped status from UInt16 to String; "
            + "rows are encoded for the new columns from the next batch on"), log);

        assertEquals(InsertOutcome.FATAL, writer.insert(rows, 0, rows.size(), 2, null, old), "known changed: not sent");
        assertTrue(writer.failure().contains("(no code): table `default`.`" + table + "` changed while ringest ran"), writer.failure());

        encoder.batchPublished();
        final Object retyped = encoder.batchStarted();
        final RowBuffer now = new RowBuffer(64);
        encode(encoder, now, "{\"msg\":\"a\",\"status\":200}");
        assertEquals(InsertOutcome.ACKNOWLEDGED, writer.insert(now, 0, now.size(), 1, null, retyped), writer.failure());
        assertEquals("a\t200\n", TestClickHouse.query("SELECT msg, status FROM default." + table + " FORMAT TabSeparated"));
    }

    /** A dropped column was retried (code 16) until it came back; now the re-read shows it gone and the writer stops. */
    @Test
    void shouldStopOnRowsOfADroppedColumn()
    {
        final ClickHouseTable opened = open("msg String, n UInt32", Duration.ZERO);
        final RowEncoder encoder = opened.encoder(opened.absentFields(log::add, ""));
        final BatchSink writer = opened.writers(1, false).get(0);
        final Object layout = encoder.batchStarted();
        final RowBuffer rows = new RowBuffer(64);
        encode(encoder, rows, "{\"msg\":\"a\",\"n\":1}");

        TestClickHouse.query("ALTER TABLE default." + table + " DROP COLUMN n");
        assertEquals(InsertOutcome.FATAL, writer.insert(rows, 0, rows.size(), 1, null, layout));
        assertTrue(writer.failure().contains("(code 16, HTTP 500): table `default`.`" + table + "` changed while ringest ran: "
            + "column `n` dropped;"), writer.failure());
    }

    /** Hand-made bytes the unchanged table cannot read are refused as before, for the writer to split. */
    @Test
    void shouldStillRefuseBadRowsOfAnUnchangedTable()
    {
        final ClickHouseTable opened = open("msg String, n UInt32", Duration.ZERO);
        final BatchSink writer = opened.writers(1, false).get(0);
        final RowBuffer rows = new RowBuffer(64);
        rows.writeVarInt(40);
        rows.writeBytes("short".getBytes(), 0, 5);
        assertEquals(InsertOutcome.REJECTED_DATA, writer.insert(rows, 0, rows.size(), 1, null, opened.schema().current()),
            writer.failure());
        assertEquals(List.of(), log);
    }

    /** A column of a type ringest cannot write: one warning, the old layout kept, the server fills the column. */
    @Test
    void shouldKeepTheLayoutWhenAnAddedColumnCannotBeEncoded()
    {
        final ClickHouseTable opened = open("msg String", Duration.ZERO);
        final RowEncoder encoder = opened.encoder(opened.absentFields(log::add, ""));
        final BatchSink writer = opened.writers(1, false).get(0);
        TestClickHouse.query("ALTER TABLE default." + table + " ADD COLUMN agg AggregateFunction(uniq, String)");
        opened.schema().refresh();
        opened.schema().refresh();
        assertEquals(1, opened.schema().current().version());
        assertEquals(1, log.size(), "warned once: " + log);
        assertTrue(log.get(0).startsWith("WARN schema of `default`.`" + table + "` changed: added agg AggregateFunction(uniq, String); "
            + "rows are still encoded with layout 1, as the new columns cannot be: column 'agg' has unsupported type"), log.get(0));

        final Object layout = encoder.batchStarted();
        assertEquals(1, ((TableLayout)layout).version());
        final RowBuffer rows = new RowBuffer(64);
        encode(encoder, rows, "{\"msg\":\"a\"}");
        assertEquals(InsertOutcome.ACKNOWLEDGED, writer.insert(rows, 0, rows.size(), 1, null, layout), writer.failure());
        assertEquals("a\t0\n", TestClickHouse.query("SELECT msg, uniqMerge(agg) FROM default." + table + " GROUP BY msg FORMAT TabSeparated"));
    }

    /** A {@code _key} column added while running would read keys the pollers do not copy: kept out until a restart. */
    @Test
    void shouldNotTakeUpAKeyColumnThePollersDoNotCopy()
    {
        final ClickHouseTable opened = open("msg String", Duration.ZERO);
        TestClickHouse.query("ALTER TABLE default." + table + " ADD COLUMN _key String");
        opened.schema().refresh();
        assertEquals(1, opened.schema().current().version());
        assertEquals(List.of("WARN schema of `default`.`" + table + "` changed: added _key String; rows are still encoded with "
            + "layout 1, as the new columns cannot be: the pollers copy records' keys only for tables that have such a column "
            + "at start-up; restart ringest to fill it; a column added is filled by the server with its default"), log);
    }

    private static void encode(final RowEncoder encoder, final RowBuffer rows, final String json)
    {
        assertTrue(encoder.encode(Rows.event(json), rows), encoder.failure());
    }

    private static void waitFor(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("not reached within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
