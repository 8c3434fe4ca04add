package io.ringest.clickhouse.encode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * Counts, per column, the rows whose JSON field was absent, so the column got its default (or NULL, or zero), and
 * warns once per column when no row of a whole batch of at least {@value #WARN_AT_ROWS} had the field: most often a
 * mapping that names a field the producer spells otherwise. Written by the batching thread only (single-writer
 * counters), read by any thread through {@link #totals()}. When the table's columns change, {@link #replan} carries the
 * counts of the columns that stay over to the new plan.
 */
public final class AbsentFields
{
    static final int WARN_AT_ROWS = 100;

    private final Consumer<String> warn;
    private final String keyPrefix;
    /** The batching thread's own references; readers of {@link #totals()} go through {@link #published}. */
    private ColumnPlan plan;
    private AtomicLongArray totals;
    private int[] inBatch;
    private boolean[] warned;
    private int rowsInBatch;
    private volatile Counts published;

    /** @param warn where the warnings go, e.g. the process log */
    public AbsentFields(final ColumnPlan plan, final Consumer<String> warn)
    {
        this(plan, warn, "");
    }

    /** @param keyPrefix put before the mapping key the warnings name: empty, or {@code route.<name>.} */
    public AbsentFields(final ColumnPlan plan, final Consumer<String> warn, final String keyPrefix)
    {
        this.warn = warn;
        this.keyPrefix = keyPrefix;
        this.plan = plan;
        this.totals = new AtomicLongArray(plan.size());
        this.inBatch = new int[plan.size()];
        this.warned = new boolean[plan.size()];
        this.published = new Counts(plan, totals);
    }

    /**
     * Counts for the columns of {@code next} from now on, a column's count and warning kept where {@code next} still has
     * it; called by the batching thread between batches, after {@link #batchPublished()}.
     */
    public void replan(final ColumnPlan next)
    {
        final AtomicLongArray nextTotals = new AtomicLongArray(next.size());
        final boolean[] nextWarned = new boolean[next.size()];
        for (int i = 0; i < next.size(); i++)
        {
            for (int j = 0; j < plan.size(); j++)
            {
                if (plan.slot(j).column().equals(next.slot(i).column()))
                {
                    nextTotals.set(i, totals.get(j));
                    nextWarned[i] = warned[j];
                }
            }
        }
        plan = next;
        totals = nextTotals;
        warned = nextWarned;
        inBatch = new int[next.size()];
        published = new Counts(next, nextTotals);
    }

    /** Counts a row just encoded in which the columns {@code absent[0..count)} had no field. */
    void row(final int[] absent, final int count)
    {
        rowsInBatch++;
        for (int i = 0; i < count; i++)
        {
            final int column = absent[i];
            inBatch[column]++;
            totals.lazySet(column, totals.get(column) + 1);
        }
    }

    /** The rows counted since the last call went out as one batch: warns of a field none of them had. */
    void batchPublished()
    {
        for (int i = 0; i < inBatch.length; i++)
        {
            if (rowsInBatch >= WARN_AT_ROWS && inBatch[i] == rowsInBatch && !warned[i])
            {
                warned[i] = true;
                final ColumnSlot slot = plan.slot(i);
                warn.accept("WARN no record of a batch of " + rowsInBatch + " had JSON field '" + slot.field()
                    + "', so column '" + slot.column() + "' got its default in every row; if the producer names it "
                    + "otherwise, set " + keyPrefix + "mapping." + slot.column() + "=<field> (dots lead into nested objects)");
            }
            inBatch[i] = 0;
        }
        rowsInBatch = 0;
    }

    /** Rows stored with each column's field absent, for the columns that had any, in table order. */
    public Map<String, Long> totals()
    {
        final Counts now = published;
        final Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < now.totals().length(); i++)
        {
            final long count = now.totals().get(i);
            if (count > 0)
            {
                counts.put(now.plan().slot(i).column(), count);
            }
        }
        return counts;
    }

    /** A plan and its counts, published together. */
    private record Counts(ColumnPlan plan, AtomicLongArray totals)
    {
    }
}
