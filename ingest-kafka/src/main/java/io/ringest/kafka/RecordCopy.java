package io.ringest.kafka;

import io.ringest.engine.EventHeaders;
import io.ringest.engine.LogEvent;
import io.ringest.engine.RecordParts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.ByteBuffer;

/**
 * Copies a Kafka record into a claimed ring slot: its value, coordinates and timestamp always, its key and headers only
 * if the sink reads them ({@link RecordParts}). Used by one poller thread; allocates nothing once the slot's arrays fit
 * the records (Kafka itself allocates the header objects it hands over).
 */
final class RecordCopy
{
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

    /**
     * A small method of its own: with the loop written inside {@link #copy}, C2 did not scalar-replace the header
     * iterator, 32 bytes per record ({@code RecordCopyTest} counts).
     */
    private static void copyHeaders(final Headers headers, final EventHeaders into)
    {
        for (final Header header : headers)
        {
            into.add(header.key(), header.value());
        }
    }
}
