package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
import io.ringest.clickhouse.encode.Column;
import io.ringest.clickhouse.encode.ColumnPlan;
import io.ringest.clickhouse.encode.JsonRowEncoder;
import io.ringest.clickhouse.encode.Rows;
import io.ringest.engine.InsertOutcome;
import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tuple columns on the real server (see {@link TestClickHouse}; ClickHouse 18.16 here, whose named tuples DESCRIBE
 * prints on one line): the schema is read as ringest reads it, logs are encoded and inserted by {@link ClickHouseWriter}
 * and the stored values read back as the server prints them.
 */
class TupleClickHouseIT
{
    private final String table = TestClickHouse.uniqueTable("tuple");

    @AfterEach
    void dropTable()
    {
        TestClickHouse.drop(table);
    }

    @Test
    void shouldStoreTuplesFromArraysAndObjects()
    {
        TestClickHouse.query("CREATE TABLE default." + table + " (id UInt8, t Tuple(UInt8, String),"
            + " n Tuple(status UInt16, note Nullable(String), tags Array(String)),"
            + " deep Tuple(a Tuple(x Int32, y Array(Nullable(Int8))), z Float64)) ENGINE = Memory");
        final ClickHouseConfig config = new ClickHouseConfig(TestClickHouse.URL, "default", table, "default", "",
            Duration.ofSeconds(30), false, "", Duration.ZERO);
        try (Client client = config.newClient(1))
        {
            final TableSchemaReader reader = new TableSchemaReader(config, client);
            final List<Column> columns = reader.readColumns();
            assertTrue(columns.get(2).type().startsWith("Tuple(status UInt16, "), columns.toString());
            final JsonRowEncoder encoder = new JsonRowEncoder(ColumnPlan.fromConfig(columns, Map.of(), false));
            final RowBuffer rows = new RowBuffer(256);
            for (final String log : new String[] {
                "{\"id\":1,\"t\":[7,\"ab\"],\"n\":{\"tags\":[\"x\",\"y\"],\"st\\u0061tus\":404,\"extra\":[1]},"
                    + "\"deep\":{\"z\":2.5,\"a\":[-1,[1,null,-128]]}}",
                "{\"id\":2,\"t\":null,\"n\":[503,\"caf\u00e9\",[]],\"deep\":[{\"y\":[null]},-0.5]}",
                "{\"id\":3}"})
            {
                assertTrue(encoder.encode(Rows.event(log), rows), () -> log + ": " + encoder.failure());
            }
            try (ClickHouseWriter writer = new ClickHouseWriter(config, client, reader.readVersion(), columns, false))
            {
                assertEquals(InsertOutcome.ACKNOWLEDGED, writer.insert(rows, 3), writer.failure());
            }
        }
        assertEquals(
            "1\t(7,'ab')\t(404,NULL,['x','y'])\t((-1,[1,NULL,-128]),2.5)\n"
                + "2\t(0,'')\t(503,'caf\u00e9',[])\t((0,[NULL]),-0.5)\n"
                + "3\t(0,'')\t(0,NULL,[])\t((0,[]),0)\n",
            TestClickHouse.query("SELECT * FROM default." + table + " ORDER BY id FORMAT TabSeparated"));
    }
}
