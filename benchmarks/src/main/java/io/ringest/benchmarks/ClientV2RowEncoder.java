package io.ringest.benchmarks;

import com.clickhouse.client.api.data_formats.RowBinaryFormatSerializer;
import com.clickhouse.client.api.data_formats.internal.SerializerUtils;
import com.clickhouse.data.ClickHouseColumn;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The baseline, "the obvious way": Jackson maps the JSON to a {@link LogRecord}, then client-v2's own RowBinary
 * serializer writes it column by column, each value boxed, as {@code Client.insert(table, pojos)} does.
 * Single-threaded; one instance per thread.
 */
public final class ClientV2RowEncoder
{
    private final ObjectMapper mapper = new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final ClickHouseColumn[] columns;

    public ClientV2RowEncoder(final LogsSchema schema)
    {
        final List<ClickHouseColumn> described = schema.clientColumns();
        columns = described.toArray(new ClickHouseColumn[0]);
    }

    public LogRecord parse(final byte[] json) throws IOException
    {
        return mapper.readValue(json, LogRecord.class);
    }

    public LogRecord parse(final String json) throws IOException
    {
        return mapper.readValue(json, LogRecord.class);
    }

    /** Writes one row in table column order. */
    public void write(final LogRecord log, final OutputStream out) throws IOException
    {
        writeValue(out, columns[0], ZonedDateTime.parse(log.timestamp));
        writeValue(out, columns[1], log.level);
        writeValue(out, columns[2], log.service);
        writeValue(out, columns[3], log.resourceId);
        writeValue(out, columns[4], log.traceId);
        writeValue(out, columns[5], log.status);
        writeValue(out, columns[6], log.durationMs);
        writeValue(out, columns[7], log.message);
    }

    private static void writeValue(final OutputStream out, final ClickHouseColumn column, final Object value)
        throws IOException
    {
        if (RowBinaryFormatSerializer.writeValuePreamble(out, false, column, value))
        {
            SerializerUtils.serializeData(out, value, column);
        }
    }
}
