package io.ringest.clickhouse.encode;

import io.ringest.engine.EventHeaders;
import io.ringest.engine.LogEvent;
import io.ringest.engine.RowBuffer;

/**
 * Writes the metadata columns that hold the Kafka record's key ({@code _key}) and headers ({@code _headers}, or the
 * Nested pair {@code _headers.key} and {@code _headers.value}) from what the poller copied into the slot. Bytes are
 * written as they are, without a UTF-8 check, as ClickHouse's String holds any bytes. Stateless; allocates nothing.
 *
 * <pre>
 *   Map:  count  (key value)*       _headers.key:  count  key*       _headers.value:  count  value*
 *   a Nullable value is preceded by its null marker (0|1) and absent if 1
 * </pre>
 */
final class RecordPartsWriter
{
    private RecordPartsWriter()
    {
    }

    /** Writes the key as a {@code String}, {@code FixedString(N)} or a Nullable of those; null, or why not. */
    static String writeKey(final ClickHouseType type, final LogEvent event, final RowBuffer out)
    {
        final int length = event.keyLength();
        if (type.nullable())
        {
            out.writeByte(length < 0 ? 1 : 0);
            if (length < 0)
            {
                return null;
            }
        }
        final int bytes = Math.max(0, length);
        if (type.kind() == ClickHouseType.Kind.FIXED_STRING)
        {
            if (bytes > type.param())
            {
                return "the record key has " + bytes + " bytes, more than " + type.displayName() + " holds";
            }
            out.writeBytes(event.key(), 0, bytes);
            for (int i = bytes; i < type.param(); i++)
            {
                out.writeByte(0);
            }
            return null;
        }
        out.writeVarInt(bytes);
        out.writeBytes(event.key(), 0, bytes);
        return null;
    }

    /**
     * Writes {@code part} of the headers: the {@code Map} of {@link SourceColumn#HEADERS}, or the keys or the values
     * alone as an {@code Array}; every header in record order, duplicate keys included.
     */
    static void writeHeaders(final SourceColumn part, final ClickHouseType type, final LogEvent event, final RowBuffer out)
    {
        final EventHeaders headers = event.headers();
        final byte[] b = headers.bytes();
        final boolean nullableValues = type.args().get(type.args().size() - 1).nullable();
        out.writeVarInt(headers.count());
        for (int i = 0, at = 0; i < headers.count(); i++, at = EventHeaders.next(b, at))
        {
            if (part != SourceColumn.HEADER_VALUES)
            {
                final int keyLength = EventHeaders.keyLength(b, at);
                out.writeVarInt(keyLength);
                out.writeBytes(b, EventHeaders.keyOffset(at), keyLength);
            }
            if (part != SourceColumn.HEADER_KEYS)
            {
                final int valueLength = EventHeaders.valueLength(b, at);
                if (nullableValues)
                {
                    out.writeByte(valueLength < 0 ? 1 : 0);
                    if (valueLength < 0)
                    {
                        continue;
                    }
                }
                out.writeVarInt(Math.max(0, valueLength));
                out.writeBytes(b, EventHeaders.valueOffset(b, at), Math.max(0, valueLength));
            }
        }
    }
}
