package io.ringest.engine;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogEventTest
{
    private static final byte[] VALUE = "{}".getBytes(StandardCharsets.UTF_8);

    /** The headers as the slot holds them, read back through the documented layout: "key=value" or "key" for null. */
    private static List<String> headers(final LogEvent event)
    {
        final EventHeaders headers = event.headers();
        final byte[] b = headers.bytes();
        final List<String> read = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < headers.count(); i++)
        {
            final String key = new String(b, EventHeaders.keyOffset(at), EventHeaders.keyLength(b, at), StandardCharsets.UTF_8);
            final int valueLength = EventHeaders.valueLength(b, at);
            read.add(valueLength < 0 ? key
                : key + "=" + new String(b, EventHeaders.valueOffset(b, at), valueLength, StandardCharsets.UTF_8));
            at = EventHeaders.next(b, at);
        }
        assertEquals(headers.length(), at);
        return read;
    }

    private static byte[] key(final LogEvent event)
    {
        return event.keyLength() < 0 ? null : Arrays.copyOf(event.key(), event.keyLength());
    }

    @Test
    void shouldCopyTheKeyBetweenPositionAndLimitAndLeaveTheBufferAsItWas()
    {
        final LogEvent event = new LogEvent(64);
        event.set("t", 0, 0, 0L, 0L, VALUE);
        assertEquals(-1, event.keyLength());
        final ByteBuffer key = ByteBuffer.wrap("xxkey-1yy".getBytes(StandardCharsets.UTF_8), 2, 5);
        event.copyKey(key);
        assertArrayEquals("key-1".getBytes(StandardCharsets.UTF_8), key(event));
        assertEquals(2, key.position());
        assertEquals(7, key.limit());
        event.copyKey(ByteBuffer.allocate(0));
        assertArrayEquals(new byte[0], key(event));
        event.copyKey(null);
        assertNull(key(event));
    }

    @Test
    void shouldKeepEveryHeaderInOrderWithDuplicatesNullValuesAndUtf8Keys()
    {
        final LogEvent event = new LogEvent(64);
        event.set("t", 0, 0, 0L, 0L, VALUE);
        event.headers().add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        event.headers().add("caf\u00e9 \uD83D\uDE00", "\u00fc".getBytes(StandardCharsets.UTF_8));
        event.headers().add("trace", "def".getBytes(StandardCharsets.UTF_8));
        event.headers().add("nothing", null);
        event.headers().add("", new byte[0]);
        assertEquals(List.of("trace=abc", "caf\u00e9 \uD83D\uDE00=\u00fc", "trace=def", "nothing", "="), headers(event));
    }

    @Test
    void shouldClearKeyAndHeadersWhenTheSlotIsSetAgain()
    {
        final LogEvent event = new LogEvent(64);
        event.set("t", 0, 0, 0L, 0L, VALUE);
        event.copyKey(ByteBuffer.wrap(new byte[] {1}));
        event.headers().add("h", new byte[] {2});
        event.set("t", 0, 0, 1L, 0L, ByteBuffer.wrap(VALUE));
        assertEquals(-1, event.keyLength());
        assertEquals(List.of(), headers(event));
    }

    /** Header keys arrive as Strings; the slot's UTF-8 must be the bytes Kafka's own getBytes(UTF_8) gives. */
    @Test
    void shouldEncodeHeaderKeysAsGetBytesDoesIncludingUnpairedSurrogates()
    {
        final Random random = new Random(3);
        final char[] alphabet = {'a', '~', '\u0000', '\u007f', '\u0080', '\u07ff', '\u0800', '\uffff', '\ud800', '\udbff',
            '\udc00', '\udfff', '\u00e9', '\u4e16'};
        final LogEvent event = new LogEvent(16);
        for (int n = 0; n < 5_000; n++)
        {
            final char[] chars = new char[random.nextInt(12)];
            for (int i = 0; i < chars.length; i++)
            {
                chars[i] = alphabet[random.nextInt(alphabet.length)];
            }
            final String key = new String(chars);
            event.set("t", 0, 0, n, 0L, VALUE);
            event.headers().add(key, null);
            final byte[] b = event.headers().bytes();
            assertArrayEquals(key.getBytes(StandardCharsets.UTF_8),
                Arrays.copyOfRange(b, EventHeaders.keyOffset(0), EventHeaders.keyOffset(0) + EventHeaders.keyLength(b, 0)),
                () -> key.chars().mapToObj(Integer::toHexString).toList().toString());
        }
    }

    /** A key or headers beyond the slot's capacity get arrays of their own, which reset drops; within it, arrays are kept. */
    @Test
    void shouldDropOversizedKeyAndHeaderArraysAtReset()
    {
        final LogEvent event = new LogEvent(100);
        event.set("t", 0, 0, 0L, 0L, VALUE);
        event.copyKey(ByteBuffer.wrap(new byte[80]));
        event.headers().add("k", new byte[80]);
        final byte[] ownKey = event.key();
        final byte[] ownHeaders = event.headers().bytes();
        event.reset();
        event.set("t", 0, 0, 1L, 0L, VALUE);
        event.copyKey(ByteBuffer.wrap(new byte[500]));
        event.headers().add("k", new byte[300]);
        event.headers().add("k", new byte[300]);
        assertEquals(500, event.keyLength());
        assertEquals(2, event.headers().count());
        assertTrue(event.headers().bytes().length >= 618);
        event.reset();
        assertTrue(event.key() == ownKey && event.key().length <= 100, "key array " + event.key().length);
        assertTrue(event.headers().bytes() == ownHeaders && ownHeaders.length <= 100, "headers array " + ownHeaders.length);
        assertEquals(-1, event.keyLength());
        assertEquals(0, event.headers().count());
    }

    @Test
    void shouldNotAllocateWhenFillingKeyAndHeadersInSteadyState()
    {
        final LogEvent event = new LogEvent(1024);
        final ByteBuffer key = ByteBuffer.wrap("order-42".getBytes(StandardCharsets.UTF_8));
        final byte[] trace = "4bf92f3577b34da6a3ce929d0e0e4736".getBytes(StandardCharsets.UTF_8);
        final String[] keys = {"traceparent", "content-type", "caf\u00e9-\uD83D\uDE00", "retry"};
        fill(event, key, keys, trace, 200_000);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        fill(event, key, keys, trace, 100_000);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertTrue(allocated < 10_000, "allocated " + allocated + " bytes for 100,000 records");
    }

    private static void fill(final LogEvent event, final ByteBuffer key, final String[] keys, final byte[] value, final int records)
    {
        for (int i = 0; i < records; i++)
        {
            event.set("t", 0, 0, i, 0L, VALUE);
            event.copyKey(key);
            for (final String k : keys)
            {
                event.headers().add(k, (i & 7) == 0 ? null : value);
            }
            event.reset();
        }
    }
}
