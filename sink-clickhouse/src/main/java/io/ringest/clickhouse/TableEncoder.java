package io.ringest.clickhouse;

import io.ringest.clickhouse.encode.AbsentFields;
import io.ringest.clickhouse.encode.JsonRowEncoder;
import io.ringest.engine.LogEvent;
import io.ringest.engine.RowBuffer;
import io.ringest.engine.RowEncoder;

/**
 * The encoder of a route's table: a {@link JsonRowEncoder} that takes up the {@link TableSchema}'s newest layout as a
 * batch starts ({@link #batchStarted()}, one volatile read per batch) and only then, so a batch segment's rows all
 * have one layout, the one that call returned and the writer inserts them with. Batching thread only.
 */
final class TableEncoder implements RowEncoder
{
    private final TableSchema schema;
    private final JsonRowEncoder encoder;
    private TableLayout layout;

    TableEncoder(final TableSchema schema, final AbsentFields absentFields)
    {
        this.schema = schema;
        this.layout = schema.current();
        this.encoder = new JsonRowEncoder(layout.plan(), absentFields);
    }

    @Override
    public boolean encode(final LogEvent event, final RowBuffer out)
    {
        return encoder.encode(event, out);
    }

    @Override
    public String failure()
    {
        return encoder.failure();
    }

    @Override
    public void batchPublished()
    {
        encoder.batchPublished();
    }

    /** Takes up the schema's newest layout if it changed; returns the {@link TableLayout} of the batch. */
    @Override
    public Object batchStarted()
    {
        final TableLayout newest = schema.current();
        if (newest != layout)
        {
            layout = newest;
            encoder.replan(newest.plan());
        }
        return layout;
    }
}
