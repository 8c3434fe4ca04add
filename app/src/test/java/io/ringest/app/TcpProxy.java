package io.ringest.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on a loopback port to {@code host:port}, for a test to take a server away and give it back:
 * {@link #cut()} closes the listening socket and every connection, {@link #restore()} listens on the same port again.
 */
final class TcpProxy implements AutoCloseable
{
    private final String host;
    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    TcpProxy(final String host, final int targetPort) throws IOException
    {
        this.host = host;
        this.targetPort = targetPort;
        this.port = listen(0);
    }

    int port()
    {
        return port;
    }

    /** Closes the listening socket and every connection: the target looks down (connection refused). */
    void cut() throws IOException
    {
        server.close();
        for (final Socket socket : sockets)
        {
            socket.close();
        }
        sockets.clear();
    }

    void restore() throws IOException
    {
        listen(port);
    }

    private int listen(final int on) throws IOException
    {
        final ServerSocket listening = new ServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), on));
        server = listening;
        final Thread acceptor = new Thread(() -> accept(listening), "tcp-proxy-" + listening.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return listening.getLocalPort();
    }

    private void accept(final ServerSocket listening)
    {
        while (!listening.isClosed())
        {
            try
            {
                final Socket client = listening.accept();
                final Socket target = new Socket(host, targetPort);
                sockets.add(client);
                sockets.add(target);
                pump(client, target);
                pump(target, client);
            }
            catch (final IOException e)
            {
                // closed by cut() or close(), or the target refused: the client sees its connection end
            }
        }
    }

    private static void pump(final Socket from, final Socket to)
    {
        final Thread thread = new Thread(() ->
        {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream())
            {
                in.transferTo(out);
            }
            catch (final IOException e)
            {
                // one side closed
            }
            finally
            {
                close(from);
                close(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(final Socket socket)
    {
        try
        {
            socket.close();
        }
        catch (final IOException e)
        {
            // already closed
        }
    }

    @Override
    public void close() throws IOException
    {
        cut();
    }
}
