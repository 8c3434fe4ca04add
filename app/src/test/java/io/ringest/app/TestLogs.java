package io.ringest.app;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Deterministic JSON logs for integration tests: record {@code seq} always has the same fields, so the row that
 * lands can be compared field by field with {@link #expectedRow}. Messages carry JSON escapes, raw multi-byte
 * UTF-8 and surrogate pairs; every 100th record is malformed when asked for, in one of several ways.
 */
final class TestLogs
{
    static final String TABLE_DDL = """
        CREATE TABLE %s (
            timestamp DateTime,
            level String,
            service String,
            resource_id String,
            trace_id FixedString(32),
            status UInt16,
            duration_ms Float32,
            user_id Nullable(Int64),
            message String,
            seq UInt64
        ) ENGINE = MergeTree() ORDER BY seq""";

    /** The settings that map these logs' camelCase fields to {@link #TABLE_DDL}'s columns, and the fields required. */
    static final List<String> MAPPING = List.of("mapping.resource_id=resourceId", "mapping.trace_id=traceId",
        "mapping.duration_ms=durationMs", "mapping.user_id=userId", "encode.required=timestamp,message");

    /** The columns {@link #expectedRow} describes, for {@code SELECT ... FORMAT TabSeparated}. */
    static final String SELECT_COLUMNS =
        "seq, toUnixTimestamp(timestamp), level, service, resource_id, trace_id, status, toString(duration_ms), "
            + "ifNull(toString(user_id), 'NULL'), hex(message)";

    private static final String[] LEVELS = {"INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG"};
    private static final long BASE_EPOCH_SECONDS = 1_795_000_000L;

    private TestLogs()
    {
    }

    static boolean isMalformed(final long seq, final boolean withMalformed)
    {
        return withMalformed && seq % 100 == 42;
    }

    static String json(final long seq, final boolean withMalformed)
    {
        if (isMalformed(seq, withMalformed))
        {
            return switch ((int)(seq / 100 % 4))
            {
                case 0 -> "{\"timestamp\":\"2026-11-26T05:41:50Z\",\"message\":\"truncated";
                case 1 -> "{\"timestamp\":\"2026-11-26T05:41:50Z\",\"message\":\"m\",\"status\":\"not a number\",\"seq\":" + seq + "}";
                case 2 -> "{\"level\":\"INFO\",\"message\":\"no timestamp\",\"seq\":" + seq + "}";
                default -> "{\"timestamp\":\"2026-13-45T99:99:99Z\",\"message\":\"bad time\",\"seq\":" + seq + "}";
            };
        }
        final StringBuilder b = new StringBuilder(256);
        b.append("{\"timestamp\":\"").append(Instant.ofEpochSecond(BASE_EPOCH_SECONDS + seq, (seq * 7919) % 1_000_000_000L))
            .append("\",\"level\":\"").append(level(seq))
            .append("\",\"service\":\"svc-").append(seq % 12)
            .append("\",\"resourceId\":\"server-").append(String.format("%04d", seq % 1000))
            .append("\",\"traceId\":\"").append(traceId(seq))
            .append("\",\"status\":").append(status(seq))
            .append(",\"durationMs\":").append(duration(seq));
        if (seq % 3 != 0)
        {
            b.append(",\"userId\":").append(userId(seq));
        }
        b.append(",\"extra\":{\"nested\":[1,2,{\"x\":\"y\"}]},\"message\":\"").append(escapedMessage(seq))
            .append("\",\"seq\":").append(seq).append('}');
        return b.toString();
    }

    private static String level(final long seq)
    {
        return LEVELS[(int)(seq % LEVELS.length)];
    }

    private static String traceId(final long seq)
    {
        return String.format("%016x%016x", seq * 0x9E3779B97F4A7C15L, ~seq);
    }

    private static int status(final long seq)
    {
        return seq % 10 == 0 ? 500 : 200;
    }

    /** Multiples of 1/8 print the same in Java and ClickHouse. */
    private static String duration(final long seq)
    {
        return Float.toString((seq % 80_000) / 8.0f);
    }

    private static long userId(final long seq)
    {
        return seq % 2 == 0 ? -seq * 1_000_003 : seq * 1_000_003;
    }

    /** The message as it should land: quotes, newlines, tabs, backslashes, accents, CJK and an emoji. */
    private static String message(final long seq)
    {
        return "request " + seq + " \"quoted\" line\nnext\ttab \\ back é 日本 😀 " + "x".repeat((int)(seq % 150));
    }

    /** The message as JSON: some characters as \\u escapes (the emoji as a surrogate pair), some raw. */
    private static String escapedMessage(final long seq)
    {
        final String raw = message(seq).replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t");
        return seq % 2 == 0 ? raw.replace("é", "\\u00e9").replace("😀", "\\ud83d\\ude00") : raw;
    }

    static String expectedRow(final long seq)
    {
        return String.join("\t",
            Long.toString(seq),
            Long.toString(BASE_EPOCH_SECONDS + seq),
            level(seq),
            "svc-" + seq % 12,
            String.format("server-%04d", seq % 1000),
            traceId(seq),
            Integer.toString(status(seq)),
            duration(seq).endsWith(".0") ? duration(seq).substring(0, duration(seq).length() - 2) : duration(seq),
            seq % 3 != 0 ? Long.toString(userId(seq)) : "NULL",
            HexFormat.of().withUpperCase().formatHex(message(seq).getBytes(StandardCharsets.UTF_8)));
    }

    /** Produces records {@code from} (inclusive) to {@code to} (exclusive), keyed by seq so partitions are stable. */
    /**
     * Produces logs {@code from} until {@code to}, and makes sure every one of them is in the topic: a record the
     * producer gives up on (seen here once: the broker's OutOfOrderSequenceException on a topic just created, after
     * which the idempotent producer's batches expired) is sent again by a fresh producer, and a test that still cannot
     * produce fails here with the cause instead of waiting for rows that were never in Kafka.
     */
    static void produce(final String topic, final long from, final long to, final boolean withMalformed)
        throws InterruptedException
    {
        final List<byte[]> keys = new ArrayList<>();
        final List<byte[]> values = new ArrayList<>();
        for (long seq = from; seq < to; seq++)
        {
            keys.add(Long.toString(seq).getBytes(StandardCharsets.UTF_8));
            values.add(json(seq, withMalformed).getBytes(StandardCharsets.UTF_8));
        }
        LocalStack.produce(topic, keys, values);
    }
}
