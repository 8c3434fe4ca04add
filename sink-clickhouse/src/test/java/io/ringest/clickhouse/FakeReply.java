package io.ringest.clickhouse;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One scripted answer of {@link FakeClickHouseServer}: an HTTP status, optionally the {@code X-ClickHouse-Exception-Code}
 * header that modern servers send (18.16 sends only the body), a body, and a fault: a stall before answering, a
 * connection reset part-way through the body, or a body trickled one byte at a time. Immutable; each method returns a copy.
 *
 * @param status     HTTP status code, or 0 for {@link #hangUp()}
 * @param code       value of {@code X-ClickHouse-Exception-Code}, or 0 to send no such header
 * @param body       response body
 * @param headers    further header lines, e.g. {@code WWW-Authenticate: Basic realm="..."}
 * @param stall      how long to wait, after reading the request, before answering
 * @param resetAfter body bytes sent before the connection is reset (SO_LINGER 0), or -1 to send the whole answer
 * @param trickle    if not zero, the headers announce a body that never ends and one byte is sent per this interval
 */
record FakeReply(int status, int code, String body, List<String> headers, Duration stall, int resetAfter, Duration trickle)
{
    private static final long ENDLESS = 1L << 40;

    static FakeReply status(final int status)
    {
        return new FakeReply(status, 0, "", List.of(), Duration.ZERO, -1, Duration.ZERO);
    }

    /** No answer at all: the connection is reset as soon as the request has been read, as when a server dies. */
    static FakeReply hangUp()
    {
        return status(0).resetAfter(0);
    }

    /** What ClickHouse answers to a successful insert: 200 with an empty body. */
    static FakeReply ok()
    {
        return status(200);
    }

    FakeReply code(final int headerCode)
    {
        return new FakeReply(status, headerCode, body, headers, stall, resetAfter, trickle);
    }

    FakeReply body(final String text)
    {
        return new FakeReply(status, code, text, headers, stall, resetAfter, trickle);
    }

    FakeReply header(final String line)
    {
        final List<String> more = new ArrayList<>(headers);
        more.add(line);
        return new FakeReply(status, code, body, List.copyOf(more), stall, resetAfter, trickle);
    }

    FakeReply stalledFor(final Duration delay)
    {
        return new FakeReply(status, code, body, headers, delay, resetAfter, trickle);
    }

    FakeReply resetAfter(final int bodyBytes)
    {
        return new FakeReply(status, code, body, headers, stall, bodyBytes, trickle);
    }

    FakeReply trickle(final Duration perByte)
    {
        return new FakeReply(status, code, body, headers, stall, resetAfter, perByte);
    }

    /**
     * Writes this answer to {@code socket}; {@code closed} opens when the fake shuts down, which ends a stall or a trickle.
     *
     * @return true if the connection may carry another request
     */
    boolean writeTo(final Socket socket, final CountDownLatch closed) throws IOException, InterruptedException
    {
        if (!stall.isZero() && closed.await(stall.toNanos(), TimeUnit.NANOSECONDS))
        {
            return false;
        }
        final byte[] content = body.getBytes(StandardCharsets.UTF_8);
        final OutputStream out = socket.getOutputStream();
        if (status != 0)
        {
            out.write(head(trickle.isZero() ? content.length : ENDLESS));
        }
        if (!trickle.isZero())
        {
            while (!closed.await(trickle.toNanos(), TimeUnit.NANOSECONDS))
            {
                out.write('.');
                out.flush();
            }
            return false;
        }
        if (resetAfter >= 0)
        {
            out.write(content, 0, Math.min(resetAfter, content.length));
            out.flush();
            socket.setSoLinger(true, 0);
            socket.close();
            return false;
        }
        out.write(content);
        out.flush();
        return true;
    }

    private byte[] head(final long contentLength)
    {
        final StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason()).append("\r\n");
        sb.append("Content-Type: text/plain; charset=UTF-8\r\n");
        sb.append("X-ClickHouse-Server-Display-Name: fake\r\n");
        if (code != 0)
        {
            sb.append("X-ClickHouse-Exception-Code: ").append(code).append("\r\n");
        }
        for (final String line : headers)
        {
            sb.append(line).append("\r\n");
        }
        sb.append("Content-Length: ").append(contentLength).append("\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private String reason()
    {
        return switch (status)
        {
            case 200 -> "OK";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }
}
