package io.ringest.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy to the real server that, for its first {@code drop} connections, passes the request on but
 * resets the connection instead of passing the answer back: the server stored the insert, the client never learns it.
 * Later connections pass both ways. Test code, for the attempt that ends without an answer.
 */
final class AnswerDroppingProxy implements AutoCloseable
{
    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final AtomicInteger toDrop;

    AnswerDroppingProxy(final String target, final int drop) throws IOException
    {
        final URI uri = URI.create(target);
        this.targetHost = uri.getHost();
        this.targetPort = uri.getPort();
        this.toDrop = new AtomicInteger(drop);
        this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        final Thread acceptor = new Thread(this::accept, "answer-dropping-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url()
    {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private void accept()
    {
        while (!listener.isClosed())
        {
            try
            {
                final Socket client = listener.accept();
                final Socket server = new Socket(targetHost, targetPort);
                final boolean drop = toDrop.getAndDecrement() > 0;
                pump(client, server, false);
                pump(server, client, drop);
            }
            catch (final IOException e)
            {
                return;
            }
        }
    }

    /** Copies {@code from} to {@code to} on a daemon thread; with {@code drop}, resets {@code to} at the first byte instead. */
    private static void pump(final Socket from, final Socket to, final boolean drop)
    {
        final Thread thread = new Thread(() ->
        {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream())
            {
                final byte[] buffer = new byte[8192];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer))
                {
                    if (drop)
                    {
                        to.setSoLinger(true, 0);
                        to.close();
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
            catch (final IOException e)
            {
                // one side went away: the other is closed by the try
            }
        }, "answer-dropping-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException
    {
        listener.close();
    }
}
