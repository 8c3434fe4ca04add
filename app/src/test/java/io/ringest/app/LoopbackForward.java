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
 * A TCP forwarder on a loopback port to another loopback port, started when a test wants a server to "come up" on an
 * address a client has been trying: each accepted connection is piped both ways by two daemon threads. Closing it
 * closes the listener and every connection.
 */
final class LoopbackForward implements AutoCloseable
{
    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private LoopbackForward(final int port, final int target) throws IOException
    {
        this.listener = new ServerSocket();
        this.listener.setReuseAddress(true);
        this.listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        this.target = target;
        daemon(this::accept, "forward-accept").start();
    }

    /** Starts forwarding 127.0.0.1:{@code port} to 127.0.0.1:{@code target}. */
    static LoopbackForward start(final int port, final int target) throws IOException
    {
        return new LoopbackForward(port, target);
    }

    /** A loopback port nothing listens on now (free a moment ago). */
    static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    private void accept()
    {
        try
        {
            while (true)
            {
                final Socket in = listener.accept();
                final Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(in);
                sockets.add(out);
                daemon(() -> pipe(in, out), "forward-in").start();
                daemon(() -> pipe(out, in), "forward-out").start();
            }
        }
        catch (final IOException closed)
        {
            // the listener was closed
        }
    }

    private static void pipe(final Socket from, final Socket to)
    {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream())
        {
            in.transferTo(out);
        }
        catch (final IOException closed)
        {
            // either side closed
        }
        finally
        {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static Thread daemon(final Runnable task, final String name)
    {
        final Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(final Socket socket)
    {
        try
        {
            socket.close();
        }
        catch (final IOException ignored)
        {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException
    {
        listener.close();
        sockets.forEach(LoopbackForward::closeQuietly);
    }
}
