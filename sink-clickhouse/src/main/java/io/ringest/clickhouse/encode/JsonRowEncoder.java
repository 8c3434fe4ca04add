package io.ringest.clickhouse.encode;

import io.ringest.engine.LogEvent;
import io.ringest.engine.RowBuffer;
import io.ringest.engine.RowEncoder;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Encodes one Kafka record value, a JSON object, as one RowBinary (or RowBinaryWithDefaults) row in table column order.
 * Used by the batching thread only; keeps reusable scratch state and allocates nothing per record unless the record
 * is malformed, in which case the row is truncated away and {@link #failure()} names the field and the problem.
 *
 * <pre>
 *   per column, in table order:  [default marker 0|1]?  [null marker 0|1]?  value
 *                                 (withDefaults only)    (Nullable only)    (absent if either marker is 1)
 * </pre>
 * A missing field (or a JSON null for a non-Nullable column) becomes: a malformed record if the column is required;
 * else the server default if withDefaults and the column has a DEFAULT; else NULL if Nullable; else the type's zero.
 * Metadata columns ({@code _topic}, {@code _partition}, {@code _offset}, {@code _timestamp}, {@code _key},
 * {@code _headers}) take the Kafka record's own instead; each topic's UTF-8 bytes are made once.
 * <p>
 * {@link #replan} switches it to another plan between batches (the caller's {@code TableEncoder} does, when the table's
 * columns change), so a batch segment's rows all have one plan.
 */
public final class JsonRowEncoder implements RowEncoder
{
    private ColumnPlan plan;
    private JsonFieldIndex fields;
    private ValueWriter values;
    private MapPrewriter maps;
    private OverflowWriter overflow;
    private final AbsentFields absentFields;
    private int[] absent;
    private final Map<String, byte[]> topics = new HashMap<>();
    private String failure;

    /** An encoder whose absent-field counts nobody reads and whose warnings go nowhere, for tests and benchmarks. */
    public JsonRowEncoder(final ColumnPlan plan)
    {
        this(plan, new AbsentFields(plan, message -> { }));
    }

    /** An encoder of {@code plan}, counting absent fields into {@code absentFields}. */
    public JsonRowEncoder(final ColumnPlan plan, final AbsentFields absentFields)
    {
        this.absentFields = absentFields;
        compile(plan);
    }

    private void compile(final ColumnPlan next)
    {
        plan = next;
        absent = new int[next.size()];
        values = new ValueWriter(next.encode());
        maps = new MapPrewriter(next, values);
        fields = new JsonFieldIndex(next, maps);
        overflow = next.overflow() == null ? null : new OverflowWriter(next.overflow(), values);
    }

    @Override
    public boolean encode(final LogEvent event, final RowBuffer out)
    {
        final int length = event.length();
        if (length < 0)
        {
            failure = "not a JSON object: the record value is null";
            return false;
        }
        final byte[] json = event.value();
        if (!fields.scan(json, length))
        {
            failure = fields.error();
            return false;
        }
        final int mark = out.size();
        final boolean withDefaults = plan.withDefaults();
        int absentCount = 0;
        for (int i = 0; i < plan.size(); i++)
        {
            final ColumnSlot slot = plan.slot(i);
            if (slot.source() != SourceColumn.JSON)
            {
                final String problem = writeSource(slot, event, withDefaults, out);
                if (problem != null)
                {
                    return fail(out, mark, slot, problem);
                }
                continue;
            }
            final ClickHouseType type = slot.type();
            final int start = fields.start(i);
            final boolean isNull = start >= 0 && json[start] == 'n';
            if (start < 0 || (isNull && !type.nullable()))
            {
                if (slot.required())
                {
                    return fail(out, mark, slot, start < 0 ? "required but missing" : "required but null");
                }
                if (start < 0)
                {
                    absent[absentCount++] = i;
                }
                writeMissing(slot, withDefaults, out);
                continue;
            }
            if (withDefaults)
            {
                out.writeByte(0);
            }
            if (type.nullable())
            {
                out.writeByte(isNull ? 1 : 0);
                if (isNull)
                {
                    continue;
                }
            }
            final String problem = maps.wrote(i, start)
                ? maps.copy(i, out)
                : values.write(type, json, start, fields.end(i), fields.plain(i), out);
            if (problem != null)
            {
                return fail(out, mark, slot, problem);
            }
        }
        absentFields.row(absent, absentCount);
        return true;
    }

    @Override
    public void batchPublished()
    {
        absentFields.batchPublished();
    }

    /** Encodes the rows from here on with {@code next}, the plan of the table's changed columns; between batches only. */
    public void replan(final ColumnPlan next)
    {
        compile(next);
        absentFields.replan(next);
    }

    /**
     * Writes a metadata column (the record's topic, partition, offset, timestamp, key or headers) or the catch-all;
     * null, or why not.
     */
    private String writeSource(final ColumnSlot slot, final LogEvent event, final boolean withDefaults, final RowBuffer out)
    {
        if (withDefaults)
        {
            out.writeByte(0);
        }
        switch (slot.source())
        {
            case OVERFLOW, OVERFLOW_KEYS, OVERFLOW_VALUES ->
            {
                return overflow.write(event.value(), event.length(), slot.source(), out);
            }
            case TOPIC ->
            {
                final byte[] topic = topics.computeIfAbsent(event.topic(), t -> t.getBytes(StandardCharsets.UTF_8));
                out.writeVarInt(topic.length);
                out.writeBytes(topic, 0, topic.length);
            }
            case KEY ->
            {
                return RecordPartsWriter.writeKey(slot.type(), event, out);
            }
            case HEADERS, HEADER_KEYS, HEADER_VALUES -> RecordPartsWriter.writeHeaders(slot.source(), slot.type(), event, out);
            case PARTITION -> values.writeInteger(slot.type(), event.partition(), out);
            case TIMESTAMP -> values.writeEpochMillis(slot.type(), event.timestampMs(), out);
            default -> values.writeInteger(slot.type(), event.offset(), out);
        }
        return null;
    }

    private void writeMissing(final ColumnSlot slot, final boolean withDefaults, final RowBuffer out)
    {
        if (withDefaults)
        {
            if (slot.hasDefault())
            {
                out.writeByte(1);
                return;
            }
            out.writeByte(0);
        }
        if (slot.type().nullable())
        {
            out.writeByte(1);
            return;
        }
        values.writeZero(slot.type(), out);
    }

    private boolean fail(final RowBuffer out, final int mark, final ColumnSlot slot, final String problem)
    {
        out.truncate(mark);
        failure = slot.label() + ": " + problem;
        return false;
    }

    @Override
    public String failure()
    {
        return failure;
    }
}
