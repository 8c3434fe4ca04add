package io.ringest.devtools;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Records no logs table can take, one kind after another, for the fault suite: each must end in the dead-letter topic
 * with its reason, and none may stop or slow the partition it is in. The 2 MB one comes at most {@link #MAX_HUGE} times,
 * as a topic of them would be gigabytes.
 */
final class PoisonRecords
{
    /** The kinds, in the order {@link #next} cycles through them. */
    static final String[] KINDS = {
        "invalid JSON", "invalid UTF-8", "wrong type", "missing required field", "2 MB value", "timestamp out of range",
        "10,000-deep nesting"};

    private static final byte[] INVALID_JSON = ascii("{\"timestamp\":\"2026-01-01T00:00:00Z\",\"message\":\"cut");
    private static final byte[] INVALID_UTF8 = invalidUtf8();
    private static final byte[] WRONG_TYPE = ascii("{\"timestamp\":\"2026-01-01T00:00:00Z\",\"message\":\"m\",\"status\":\"teapot\"}");
    private static final byte[] MISSING_REQUIRED = ascii("{\"level\":\"INFO\",\"service\":\"api\",\"status\":200}");
    private static final byte[] OUT_OF_RANGE = ascii("{\"timestamp\":\"2200-01-01T00:00:00Z\",\"message\":\"from the future\"}");
    private static final byte[] HUGE = huge();
    private static final byte[] DEEP = deep();

    static final int MAX_HUGE = 10;

    private long produced;
    private int huge;

    /** The next poison record. */
    byte[] next()
    {
        int kind = (int)(produced++ % KINDS.length);
        if (kind == 4 && huge++ >= MAX_HUGE)
        {
            kind = 0;
        }
        return switch (kind)
        {
            case 0 -> INVALID_JSON;
            case 1 -> INVALID_UTF8;
            case 2 -> WRONG_TYPE;
            case 3 -> MISSING_REQUIRED;
            case 4 -> HUGE;
            case 5 -> OUT_OF_RANGE;
            default -> DEEP;
        };
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] invalidUtf8()
    {
        final byte[] bytes = ascii("{\"timestamp\":\"2026-01-01T00:00:00Z\",\"message\":\"bad \0\0 bytes\"}");
        final int at = new String(bytes, StandardCharsets.US_ASCII).indexOf('\0');
        bytes[at] = (byte)0xC3;  // a lead byte followed by
        bytes[at + 1] = (byte)0x28;  // a byte that cannot continue it
        return bytes;
    }

    /** A 2 MB message: larger than Kafka's default 1 MB limit, so the topic and producer must allow it. */
    private static byte[] huge()
    {
        final byte[] filler = new byte[2 << 20];
        Arrays.fill(filler, (byte)'x');
        final String s = "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"message\":\"" + new String(filler, StandardCharsets.US_ASCII)
            + "\",\"status\":\"not a number\"}";
        return ascii(s);
    }

    private static byte[] deep()
    {
        return ascii("{\"timestamp\":\"2026-01-01T00:00:00Z\",\"message\":\"m\",\"nested\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}");
    }
}
