package io.ringest.kafka;

import io.ringest.engine.EventHeaders;
import io.ringest.engine.LogEvent;
import io.ringest.engine.RecordParts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordCopyTest
{
    private static ConsumerRecord<ByteBuffer, ByteBuffer> record(final String key, final RecordHeaders headers)
    {
        final ByteBuffer keyBytes = key == null ? null : ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>("logs", 3, 42L, 1_700_000_000_123L, TimestampType.CREATE_TIME, -1, 2, keyBytes,
            ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)), headers, Optional.empty());
    }

    private static RecordHeaders headers()
    {
        final RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        headers.add("\u00e9t\u00e9", "\u00fc".getBytes(StandardCharsets.UTF_8));
        headers.add("trace", null);
        return headers;
    }

    /** The headers the slot holds, read through {@link EventHeaders}' layout: "key=value", or "key" for null. */
    private static List<String> headersOf(final LogEvent event)
    {
        final byte[] b = event.headers().bytes();
        final List<String> read = new ArrayList<>();
        for (int i = 0, at = 0; i < event.headers().count(); i++, at = EventHeaders.next(b, at))
        {
            final String key = new String(b, EventHeaders.keyOffset(at), EventHeaders.keyLength(b, at), StandardCharsets.UTF_8);
            final int length = EventHeaders.valueLength(b, at);
            read.add(length < 0 ? key : key + "=" + new String(b, EventHeaders.valueOffset(b, at), length, StandardCharsets.UTF_8));
        }
        return read;
    }

    @Test
    void shouldCopyKeyAndHeadersOnlyWhenTheSinkReadsThem()
    {
        final LogEvent event = new LogEvent(64);
        new RecordCopy(RecordParts.NONE).copy(record("k-1", headers()), 5, event);
        assertEquals("logs 3 5 42 1700000000123 2", event.topic() + " " + event.partition() + " " + event.partitionIndex()
            + " " + event.offset() + " " + event.timestampMs() + " " + event.length());
        assertEquals(-1, event.keyLength());
        assertEquals(0, event.headers().count());

        new RecordCopy(new RecordParts(true, false)).copy(record("k-1", headers()), 5, event);
        assertEquals("k-1", new String(event.key(), 0, event.keyLength(), StandardCharsets.UTF_8));
        assertEquals(0, event.headers().count());

        new RecordCopy(new RecordParts(false, true)).copy(record("k-1", headers()), 5, event);
        assertEquals(-1, event.keyLength());
        assertEquals(List.of("trace=t-1", "\u00e9t\u00e9=\u00fc", "trace"), headersOf(event));

        new RecordCopy(new RecordParts(true, true)).copy(record(null, new RecordHeaders()), 5, event);
        assertEquals(-1, event.keyLength());
        assertEquals(List.of(), headersOf(event));
    }

    /** Headers of another kind than the consumer's RecordHeaders are iterated, to the same result. */
    @Test
    void shouldCopyHeadersOfAnyKind()
    {
        final RecordHeaders inner = headers();
        final Headers other = new Headers()
        {
            @Override
            public Headers add(final Header header)
            {
                return inner.add(header);
            }

            @Override
            public Headers add(final String key, final byte[] value)
            {
                return inner.add(key, value);
            }

            @Override
            public Headers remove(final String key)
            {
                return inner.remove(key);
            }

            @Override
            public Header lastHeader(final String key)
            {
                return inner.lastHeader(key);
            }

            @Override
            public Iterable<Header> headers(final String key)
            {
                return inner.headers(key);
            }

            @Override
            public Header[] toArray()
            {
                return inner.toArray();
            }

            @Override
            public Iterator<Header> iterator()
            {
                return inner.iterator();
            }
        };
        final LogEvent event = new LogEvent(64);
        event.set("logs", 0, 0, 0L, 0L, new byte[0]);
        RecordCopy.copyHeaders(other, event.headers());
        assertEquals(List.of("trace=t-1", "\u00e9t\u00e9=\u00fc", "trace"), headersOf(event));
    }

    /** Copying key and headers into a slot that has grown allocates nothing of ringest's own, iteration included. */
    @Test
    void shouldNotAllocatePerRecordInSteadyState()
    {
        final LogEvent event = new LogEvent(1024);
        final RecordCopy copy = new RecordCopy(new RecordParts(true, true));
        final ConsumerRecord<ByteBuffer, ByteBuffer> record = record("order-42", headers());
        run(copy, record, event, 200_000);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        run(copy, record, event, 100_000);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertTrue(allocated < 10_000, "allocated " + allocated + " bytes for 100,000 records");
        assertEquals(List.of("trace=t-1", "\u00e9t\u00e9=\u00fc", "trace"), headersOf(event));
        assertEquals("order-42", new String(Arrays.copyOf(event.key(), event.keyLength()), StandardCharsets.UTF_8));
    }

    private static void run(final RecordCopy copy, final ConsumerRecord<ByteBuffer, ByteBuffer> record, final LogEvent event,
        final int records)
    {
        for (int i = 0; i < records; i++)
        {
            copy.copy(record, 0, event);
        }
    }
}
