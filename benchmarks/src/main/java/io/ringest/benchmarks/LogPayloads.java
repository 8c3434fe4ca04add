package io.ringest.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Realistic JSON log values, rendered once before a benchmark runs, with the load generator's mix
 * ({@code io.ringest.devtools.LoadGenerator}): 80% INFO, some DEBUG and WARN, 4% ERROR with stack traces,
 * messages of 50 bytes to ~2 KB with escapes and non-ASCII text, a distinct timestamp and trace id each.
 */
public final class LogPayloads
{
    /** One typical ~300-byte INFO log, the single payload of {@link EncodeBenchmark}. */
    public static final String TYPICAL = "{\"timestamp\":\"2026-11-26T05:41:50.382243123Z\",\"level\":\"INFO\","
        + "\"service\":\"checkout\",\"resourceId\":\"server-0459\",\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\","
        + "\"status\":200,\"durationMs\":12.5,\"message\":\"GET /api/v1/cart/items 200 user=Jos\u00e9 M\u00fcller "
        + "city=Z\u00fcrich cache=hit upstream=inventory latency=11 retry=0 session=8f3a note=\\\"ok \u2713\\\"\"}";

    /** {@link #TYPICAL} with durationMs as Python, JavaScript or Java print a double: 17 significant digits. */
    public static final String METRIC = TYPICAL.replace("\"durationMs\":12.5", "\"durationMs\":12.483920184738291");

    private static final String[] SERVICES = {"api-gateway", "auth", "billing", "catalog", "checkout", "inventory",
        "notifications", "orders", "payments", "recommendations", "search", "user-profile"};
    private static final String[] PATHS = {"/api/v1/orders", "/api/v1/users/me", "/api/v2/search?q=caf%C3%A9",
        "/api/v1/cart/items", "/healthz", "/api/v1/payments/authorize", "/api/v1/catalog/products"};
    private static final String[] NAMES = {"alice", "bob", "carol", "dave", "José Müller", "Zoë Ødegård", "渡辺 健"};
    private static final String[] WORDS = {"request", "cache", "miss", "upstream", "latency", "retry", "session",
        "token", "shard", "replica", "queue", "batch", "flush", "commit", "lease", "quota"};
    private static final String[] NOTES = {"ok ✓", "deployed 🚀", "naïve retry", "user \\\"guest\\\"", "C:\\\\tmp\\\\spool"};

    private static final DateTimeFormatter TIMESTAMP =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private LogPayloads()
    {
    }

    /** {@code count} payloads from a fixed seed, so every run and every benchmark sees the same bytes. */
    public static byte[][] pool(final int count, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final long startNanos = Instant.parse("2026-11-26T05:41:50Z").getEpochSecond() * 1_000_000_000L;
        final byte[][] payloads = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            payloads[i] = render(random, startNanos + i * 700_001L).getBytes(StandardCharsets.UTF_8);
        }
        return payloads;
    }

    private static String render(final SplittableRandom r, final long epochNanos)
    {
        final int roll = r.nextInt(100);
        final String level = roll < 80 ? "INFO" : roll < 88 ? "DEBUG" : roll < 96 ? "WARN" : "ERROR";
        final int status = level.equals("ERROR") ? 503 : level.equals("WARN") ? 429 : r.nextInt(100) < 92 ? 200 : 304;
        final double millis = Math.exp(Math.log(12) + r.nextGaussian()) * (level.equals("WARN") ? 20 : 1);
        return "{\"timestamp\":\"" + TIMESTAMP.format(Instant.ofEpochSecond(0, epochNanos))
            + "\",\"level\":\"" + level + "\",\"service\":\"" + SERVICES[r.nextInt(SERVICES.length)]
            + "\",\"resourceId\":\"" + String.format(Locale.ROOT, "server-%04d", r.nextInt(1000))
            + "\",\"traceId\":\"" + String.format(Locale.ROOT, "%016x%016x", r.nextLong(), r.nextLong())
            + "\",\"status\":" + status + ",\"durationMs\":" + String.format(Locale.ROOT, "%.3f", millis)
            + ",\"message\":\"" + message(r, level, status, millis) + "\"}";
    }

    /** A JSON-escaped message of a length drawn like the load generator's. */
    private static String message(final SplittableRandom r, final String level, final int status, final double millis)
    {
        final boolean error = level.equals("ERROR");
        final int length = r.nextInt(20) == 0 || error
            ? 300 + r.nextInt(1600)
            : 50 + (int)Math.min(1500, -Math.log(1 - r.nextDouble()) * 100);
        final String path = PATHS[r.nextInt(PATHS.length)];
        final StringBuilder m = new StringBuilder(length + 128);
        if (error)
        {
            m.append("request ").append(path).append(" failed: java.net.SocketTimeoutException: Read timed out after ")
                .append((int)millis).append(" ms\\n");
        }
        else
        {
            m.append(level.equals("WARN") ? "slow request " : "GET ").append(path).append(' ').append(status)
                .append(" user=").append(NAMES[r.nextInt(NAMES.length)]);
        }
        int frame = 0;
        while (m.length() < length)
        {
            if (error)
            {
                m.append("\\tat io.shop.").append(WORDS[r.nextInt(WORDS.length)]).append(".Handler.call(Handler.java:")
                    .append(40 + frame++).append(")\\n");
            }
            else if (r.nextInt(8) == 0)
            {
                m.append(" note=\\\"").append(NOTES[r.nextInt(NOTES.length)]).append("\\\"");
            }
            else
            {
                m.append(' ').append(WORDS[r.nextInt(WORDS.length)]).append('=').append(r.nextInt(100_000));
            }
        }
        return m.toString();
    }

    /** Mean size in bytes. */
    public static int meanSize(final byte[][] payloads)
    {
        long total = 0;
        for (final byte[] payload : payloads)
        {
            total += payload.length;
        }
        return (int)(total / payloads.length);
    }
}
