package io.ringest.clickhouse.encode;

import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Absent fields are counted per column, and a field no row of a whole batch had is warned about once. */
class AbsentFieldsTest
{
    private final ColumnPlan plan = ColumnPlan.fromConfig(Rows.columns(
        "message", "String", "trace_id", "String", "user", "Nullable(String)"), Map.of("mapping.trace_id", "traceId"), false);
    private final List<String> warnings = new ArrayList<>();
    private final AbsentFields absent = new AbsentFields(plan, warnings::add);
    private final JsonRowEncoder encoder = new JsonRowEncoder(plan, absent);

    private void encode(final int rows, final String json)
    {
        for (int i = 0; i < rows; i++)
        {
            assertTrue(encoder.encode(Rows.event(json), new RowBuffer(64)));
        }
    }

    @Test
    void shouldCountRowsWhoseFieldWasAbsentPerColumn()
    {
        encode(3, "{\"message\":\"m\",\"trace_id\":\"t\"}");
        encode(2, "{\"message\":\"m\",\"traceId\":\"t\",\"user\":null}");
        assertEquals(Map.of("trace_id", 3L, "user", 3L), absent.totals(), "a null is there, not absent");
    }

    @Test
    void shouldWarnOnceOfAFieldNoRowOfABatchHad()
    {
        encode(AbsentFields.WARN_AT_ROWS - 1, "{\"message\":\"m\",\"trace_id\":\"t\"}");
        encoder.batchPublished();
        assertEquals(List.of(), warnings, "a batch too small to tell");
        encode(AbsentFields.WARN_AT_ROWS, "{\"message\":\"m\",\"trace_id\":\"t\",\"user\":\"u\"}");
        encoder.batchPublished();
        encode(AbsentFields.WARN_AT_ROWS, "{\"message\":\"m\",\"trace_id\":\"t\",\"user\":\"u\"}");
        encoder.batchPublished();
        assertEquals(List.of("WARN no record of a batch of 100 had JSON field 'traceId', so column 'trace_id' got its "
            + "default in every row; if the producer names it otherwise, set mapping.trace_id=<field> (dots lead into "
            + "nested objects)"), warnings);
        encode(AbsentFields.WARN_AT_ROWS - 1, "{\"message\":\"m\"}");
        encode(1, "{\"message\":\"m\",\"user\":\"u\"}");
        encoder.batchPublished();
        assertEquals(1, warnings.size(), "user was there once in the batch");
    }

    /** A new plan (the table changed) keeps the counts and warnings of the columns it still has, by name. */
    @Test
    void shouldCarryTheCountsOfTheColumnsAKeptPlanStillHas()
    {
        encode(AbsentFields.WARN_AT_ROWS, "{\"message\":\"m\",\"trace_id\":\"t\",\"user\":\"u\"}");
        encoder.batchPublished();
        assertEquals(1, warnings.size());
        final ColumnPlan next = ColumnPlan.fromConfig(Rows.columns("region", "String", "user", "Nullable(String)",
            "trace_id", "String"), Map.of("mapping.trace_id", "traceId"), false);
        absent.replan(next);
        final JsonRowEncoder nextEncoder = new JsonRowEncoder(next, absent);
        for (int i = 0; i < AbsentFields.WARN_AT_ROWS; i++)
        {
            assertTrue(nextEncoder.encode(Rows.event("{\"user\":\"u\"}"), new RowBuffer(64)));
        }
        nextEncoder.batchPublished();
        assertEquals(Map.of("trace_id", 200L, "region", 100L), absent.totals());
        assertEquals(2, warnings.size(), "trace_id was warned of already; region is new: " + warnings);
        assertTrue(warnings.get(1).contains("column 'region'"), warnings.get(1));
    }
}
