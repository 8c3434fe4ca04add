package io.ringest.clickhouse;

import io.ringest.clickhouse.encode.Column;

import java.util.List;

/**
 * One writer's answer to "does the table still take rows of this layout?", from the columns its {@link TableSchema}
 * last read: recomputed only when the layout or those columns changed, so asking before every insert costs a volatile
 * read and two compares. After a failure a changed table could have caused, {@link #changeAfterFailure} reads the
 * columns again first, at most once a second while nothing is stored: a split of rows the table refuses one by one
 * then asks the server once a second, not once per insert. Used by its writer's thread only.
 */
final class LayoutCheck
{
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final TableSchema schema;
    private TableLayout checkedLayout;
    private List<Column> checkedColumns;
    private String checkedChange;
    private long recheckedAt;
    private boolean storedSinceRecheck = true;

    LayoutCheck(final TableSchema schema)
    {
        this.schema = schema;
    }

    /** The layout a segment's tag names, or the table's current one for rows without a tag. */
    TableLayout resolve(final Object tag)
    {
        return tag instanceof TableLayout layout ? layout : schema.current();
    }

    /** What keeps the table, as last read, from taking rows of {@code layout} ({@link TableLayout#changeIn}); null if nothing. */
    String change(final TableLayout layout)
    {
        final List<Column> columns = schema.columns();
        if (layout != checkedLayout || columns != checkedColumns)
        {
            checkedChange = layout.changeIn(columns);
            checkedLayout = layout;
            checkedColumns = columns;
        }
        return checkedChange;
    }

    /** As {@link #change}, after reading the table's columns again if due; throws what the read throws. */
    String changeAfterFailure(final TableLayout layout)
    {
        final long now = System.nanoTime();
        if (storedSinceRecheck || now - recheckedAt >= RECHECK_NANOS)
        {
            schema.refresh();
            recheckedAt = now;
            storedSinceRecheck = false;
        }
        return change(layout);
    }

    /** An insert was acknowledged: the next failure reads the table again. */
    void stored()
    {
        storedSinceRecheck = true;
    }
}
