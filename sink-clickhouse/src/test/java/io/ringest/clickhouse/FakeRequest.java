package io.ringest.clickhouse;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP request as {@link FakeClickHouseServer} received it, body read to its end (Content-Length or chunked).
 *
 * @param method HTTP method
 * @param path   request path without the query string
 * @param query  the {@code query} URL parameter, as client-v2 sends an INSERT's SQL; else the body as text
 * @param body   request body, de-chunked
 * @param params the URL's query string, undecoded
 */
record FakeRequest(String method, String path, String query, byte[] body, String params)
{
    /** The decoded value of URL parameter {@code name}, or null. */
    String parameter(final String name)
    {
        return parameter(params, name);
    }

    boolean isInsert()
    {
        return query.regionMatches(true, 0, "INSERT", 0, 6);
    }

    int bodyLength()
    {
        return body.length;
    }

    @Override
    public String toString()
    {
        return method + " " + path + " '" + query + "' (" + body.length + " body bytes)";
    }

    /** Reads one request, head and whole body; null at a clean end of the connection. */
    static FakeRequest read(final InputStream in) throws IOException
    {
        final String requestLine = line(in);
        if (requestLine == null)
        {
            return null;
        }
        final String[] parts = requestLine.split(" ");
        long contentLength = 0;
        boolean chunked = false;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in))
        {
            final String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:"))
            {
                contentLength = Long.parseLong(lower.substring(15).trim());
            }
            else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked"))
            {
                chunked = true;
            }
        }
        final byte[] body = chunked ? chunkedBody(in) : in.readNBytes((int)contentLength);
        final int q = parts[1].indexOf('?');
        final String path = q < 0 ? parts[1] : parts[1].substring(0, q);
        final String params = q < 0 ? "" : parts[1].substring(q + 1);
        final String query = parameter(params, "query");
        return new FakeRequest(parts[0], path, query != null ? query : new String(body, StandardCharsets.UTF_8), body, params);
    }

    private static byte[] chunkedBody(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true)
        {
            final String sizeLine = line(in);
            if (sizeLine == null)
            {
                throw new EOFException("connection closed inside a chunked body");
            }
            final int semicolon = sizeLine.indexOf(';');
            final int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0)
            {
                for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in))
                {
                    // trailers are ignored
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            line(in);
        }
    }

    private static String parameter(final String queryString, final String name)
    {
        for (final String pair : queryString.split("&"))
        {
            if (pair.startsWith(name + "="))
            {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** A CRLF-terminated line without its terminator; null if the stream ends before any byte. */
    private static String line(final InputStream in) throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read())
        {
            if (b < 0)
            {
                return sb.length() == 0 ? null : sb.toString();
            }
            if (b != '\r')
            {
                sb.append((char)b);
            }
        }
        return sb.toString();
    }
}
