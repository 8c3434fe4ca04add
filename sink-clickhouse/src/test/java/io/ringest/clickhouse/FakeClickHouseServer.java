package io.ringest.clickhouse;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted fake ClickHouse HTTP endpoint, used only to inject error responses; real behaviour is tested against the
 * real server (the {@code *IT} tests). Each INSERT takes the next {@link FakeReply} of the script; once the script is
 * used up, an INSERT gets {@link #EXHAUSTED}. Other requests are answered 200 without using the script: {@code /ping},
 * client-v2's ping ({@code SELECT 1}) and {@code SELECT version()} as an 18.16 server would, anything else with an empty
 * body. Every request is read to the end of its body before it is answered, and recorded.
 * <p>
 * A plain {@link ServerSocket} with one thread per connection, so that a reply can stall, trickle or reset the
 * connection; connections are kept alive between requests, as ClickHouse does.
 */
final class FakeClickHouseServer implements AutoCloseable
{
    static final String VERSION = "18.16.1";

    /** The answer to an INSERT the script did not foresee: an error no retry can fix, so a test fails fast. */
    static final FakeReply EXHAUSTED = FakeReply.status(500)
        .body("Code: 49, e.displayText() = DB::Exception: FakeClickHouseServer: script exhausted, e.what() = DB::Exception");

    private final ServerSocket server;
    private final Queue<FakeReply> script = new ConcurrentLinkedQueue<>();
    private final List<FakeRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);

    /** Starts listening on a free loopback port, with these replies for the first INSERTs. */
    FakeClickHouseServer(final FakeReply... replies) throws IOException
    {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        script.addAll(List.of(replies));
        final Thread acceptor = new Thread(this::accept, "fake-clickhouse-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url()
    {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Every request received so far, in arrival order. */
    List<FakeRequest> requests()
    {
        return List.copyOf(requests);
    }

    /** Replies not yet used. */
    int scriptLeft()
    {
        return script.size();
    }

    @Override
    public void close() throws IOException
    {
        closed.countDown();
        server.close();
        for (final Socket socket : sockets)
        {
            socket.close();
        }
    }

    private void accept()
    {
        try
        {
            while (true)
            {
                final Socket socket = server.accept();
                sockets.add(socket);
                final Thread connection = new Thread(() -> serve(socket), "fake-clickhouse-" + connections.incrementAndGet());
                connection.setDaemon(true);
                connection.start();
            }
        }
        catch (final IOException e)
        {
            // closed
        }
    }

    private void serve(final Socket socket)
    {
        try (socket)
        {
            final InputStream in = new BufferedInputStream(socket.getInputStream());
            boolean open = true;
            while (open)
            {
                final FakeRequest request = FakeRequest.read(in);
                if (request == null)
                {
                    return;
                }
                requests.add(request);
                open = reply(request).writeTo(socket, closed);
            }
        }
        catch (final IOException | InterruptedException e)
        {
            // the client or the test closed the connection
        }
    }

    private FakeReply reply(final FakeRequest request)
    {
        if (request.isInsert())
        {
            final FakeReply next = script.poll();
            return next == null ? EXHAUSTED : next;
        }
        if (request.path().startsWith("/ping"))
        {
            return FakeReply.ok().body("Ok.\n");
        }
        if (request.query().startsWith("SELECT version()"))
        {
            return FakeReply.ok().body(VERSION + "\n");
        }
        return FakeReply.ok().body(request.query().startsWith("SELECT 1") ? "1\n" : "");
    }
}
