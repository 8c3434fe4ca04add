package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.data.ClickHouseFormat;
import io.ringest.clickhouse.encode.Column;
import io.ringest.engine.ConfigException;
import io.ringest.engine.InsertOutcome;
import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writer behaviour that needs no server: the endpoint is a loopback port nobody listens on. */
class ClickHouseWriterTest
{
    private static final List<Column> COLUMNS = List.of(
        new Column("msg", "String", "", ""),
        new Column("len", "UInt64", "MATERIALIZED", "length(msg)"));
    private static final ServerVersion OLD = ServerVersion.parse("18.16.1");

    @Test
    void shouldAcknowledgeEmptyBatchWithoutARequest() throws IOException
    {
        final ClickHouseConfig config = config(closedPort());
        try (Client client = config.newClient(1); ClickHouseWriter writer = new ClickHouseWriter(config, client, OLD, COLUMNS, false))
        {
            assertEquals(InsertOutcome.ACKNOWLEDGED, writer.insert(new RowBuffer(16), 0));
            assertEquals("", writer.failure());
            assertEquals(ClickHouseFormat.RowBinary, writer.format());
        }
    }

    @Test
    void shouldRetryWhenServerIsUnreachable() throws IOException
    {
        final ClickHouseConfig config = config(closedPort());
        try (Client client = config.newClient(1); ClickHouseWriter writer = new ClickHouseWriter(config, client, OLD, COLUMNS, false))
        {
            final RowBuffer rows = new RowBuffer(16);
            rows.writeVarInt(2);
            rows.writeBytes(new byte[] {'h', 'i'}, 0, 2);
            assertEquals(InsertOutcome.RETRY, writer.insert(rows, 1));
            assertTrue(writer.failure().startsWith("insert into `default`.`t`: RETRY (no code)"), writer.failure());
        }
    }

    @Test
    void shouldGiveUpWaitingAfterInsertTimeout() throws Exception
    {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Thread acceptor = new Thread(() -> acceptAndStaySilent(silent), "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
            final ClickHouseConfig config = new ClickHouseConfig("http://127.0.0.1:" + silent.getLocalPort(), "default", "t",
                "default", "", Duration.ofMillis(500), false, "", Duration.ZERO);
            try (Client client = config.newClient(1); ClickHouseWriter writer = new ClickHouseWriter(config, client, OLD, COLUMNS, false))
            {
                final RowBuffer rows = new RowBuffer(16);
                rows.writeVarInt(0);
                final long start = System.nanoTime();
                assertEquals(InsertOutcome.RETRY, writer.insert(rows, 1), writer.failure());
                final long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(elapsedMillis >= 400 && elapsedMillis < 10_000, "returned after " + elapsedMillis + "ms");
            }
        }
    }

    @Test
    void shouldRefuseRowBinaryWithDefaultsOnOldServer() throws IOException
    {
        final ClickHouseConfig config = config(closedPort());
        try (Client client = config.newClient(1))
        {
            final ConfigException e = assertThrows(ConfigException.class, () -> new ClickHouseWriter(config, client, OLD, COLUMNS, true));
            assertTrue(e.getMessage().contains("23.7"), e.getMessage());
            try (ClickHouseWriter modern = new ClickHouseWriter(config, client, ServerVersion.parse("24.8.4.13"), COLUMNS, true))
            {
                assertEquals(ClickHouseFormat.RowBinaryWithDefaults, modern.format());
            }
        }
    }

    @Test
    void shouldReadJsonAsTextOnlyForTablesWithJsonAndOnlyFromServersThatCan() throws IOException
    {
        final List<Column> withJson = List.of(new Column("msg", "String", "", ""),
            new Column("doc", "Tuple(a UInt8, b Array(JSON(max_dynamic_paths=8)))", "", ""));
        final List<Column> withoutJson = List.of(new Column("msg", "String", "", ""),
            new Column("parsed", "JSON", "MATERIALIZED", "msg::JSON"));
        final ServerVersion modern = ServerVersion.parse("24.10.1.2812");
        try (FakeClickHouseServer server = new FakeClickHouseServer(FakeReply.ok(), FakeReply.ok()))
        {
            final ClickHouseConfig config = new ClickHouseConfig(server.url(), "default", "t", "default", "",
                Duration.ofSeconds(5), false, "", Duration.ZERO);
            try (Client client = config.newClient(1);
                 ClickHouseWriter json = new ClickHouseWriter(config, client, modern, withJson, false);
                 ClickHouseWriter plain = new ClickHouseWriter(config, client, modern, withoutJson, false))
            {
                final RowBuffer rows = new RowBuffer(16);
                rows.writeVarInt(0);
                assertEquals(InsertOutcome.ACKNOWLEDGED, json.insert(rows, 1), json.failure());
                assertEquals(InsertOutcome.ACKNOWLEDGED, plain.insert(rows, 1), plain.failure());

                final ServerVersion old = ServerVersion.parse("24.9.2.42");
                final ConfigException e = assertThrows(ConfigException.class,
                    () -> new ClickHouseWriter(config, client, old, withJson, false));
                assertEquals("column 'doc' has type Tuple(a UInt8, b Array(JSON(max_dynamic_paths=8))), whose values "
                    + "ringest sends as JSON text with input_format_binary_read_json_as_string=1; that needs ClickHouse "
                    + "24.10 or later, the server at clickhouse.url=" + server.url() + " is 24.9.2.42", e.getMessage());
                new ClickHouseWriter(config, client, OLD, withoutJson, false).close();
            }
            final List<FakeRequest> inserts = server.requests().stream().filter(FakeRequest::isInsert).toList();
            assertEquals(2, inserts.size());
            assertEquals("1", inserts.get(0).parameter("input_format_binary_read_json_as_string"));
            assertEquals(null, inserts.get(1).parameter("input_format_binary_read_json_as_string"));
        }
    }

    @Test
    void shouldReportUnreachableServerNamingTheUrlKey() throws IOException
    {
        final ClickHouseConfig config = config(closedPort());
        try (Client client = config.newClient(1))
        {
            final ConfigException e = assertThrows(ConfigException.class, () -> new TableSchemaReader(config, client).readVersion());
            assertTrue(e.getMessage().startsWith("cannot reach ClickHouse at clickhouse.url=" + config.url()), e.getMessage());
        }
    }

    private static ClickHouseConfig config(final int port)
    {
        return new ClickHouseConfig("http://127.0.0.1:" + port, "default", "t", "default", "", Duration.ofSeconds(2), false, "", Duration.ZERO);
    }

    /** Accepts connections and reads requests but never answers, like a hung server. */
    private static void acceptAndStaySilent(final ServerSocket server)
    {
        final List<Socket> open = new ArrayList<>();
        try
        {
            while (!server.isClosed())
            {
                final Socket socket = server.accept();
                open.add(socket);
                socket.getInputStream().read(new byte[4096]);
            }
        }
        catch (final IOException e)
        {
            // closed by the test
        }
        finally
        {
            for (final Socket socket : open)
            {
                try
                {
                    socket.close();
                }
                catch (final IOException ignored)
                {
                    // best effort
                }
            }
        }
    }

    private static int closedPort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}
