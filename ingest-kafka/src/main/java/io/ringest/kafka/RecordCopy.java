package io.ringest.kafka;

import io.ringest.engine.EventHeaders;
import io.ringest.engine.LogEvent;
import io.ringest.engine.RecordParts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Copies a Kafka record into a claimed ring slot: its value, coordinates and timestamp always, its key and headers only
 * if the sink reads them ({@link RecordParts}). Used by one poller thread; allocates nothing once the slot's arrays fit
 * the records. Kafka itself allocates the header objects, and decodes a header's key and copies its value when they
 * are first asked for.
 */
final class RecordCopy
{
    /**
     * The list inside the {@link RecordHeaders} the consumer hands over, walked by index: its iterator is an allocation
     * per record that C2 removes only while every list it has seen is of one kind. Null if Kafka no longer has the field.
     */
    private static final VarHandle HEADER_LIST = headerList();

    private final boolean key;
    private final boolean headers;

    RecordCopy(final RecordParts parts)
    {
        this.key = parts.key();
        this.headers = parts.headers();
    }

    void copy(final ConsumerRecord<ByteBuffer, ByteBuffer> record, final int partitionIndex, final LogEvent event)
    {
        event.set(record.topic(), record.partition(), partitionIndex, record.offset(), record.timestamp(), record.value());
        if (key)
        {
            event.copyKey(record.key());
        }
        if (headers)
        {
            copyHeaders(record.headers(), event.headers());
        }
    }

    @SuppressWarnings("unchecked")
    static void copyHeaders(final Headers headers, final EventHeaders into)
    {
        if (HEADER_LIST != null && headers instanceof RecordHeaders)
        {
            final List<Header> list = (List<Header>)HEADER_LIST.get((RecordHeaders)headers);
            for (int i = 0; i < list.size(); i++)
            {
                final Header header = list.get(i);
                into.add(header.key(), header.value());
            }
            return;
        }
        for (final Header header : headers)
        {
            into.add(header.key(), header.value());
        }
    }

    private static VarHandle headerList()
    {
        try
        {
            return MethodHandles.privateLookupIn(RecordHeaders.class, MethodHandles.lookup())
                .findVarHandle(RecordHeaders.class, "headers", List.class);
        }
        catch (final ReflectiveOperationException | RuntimeException e)
        {
            return null;
        }
    }
}
