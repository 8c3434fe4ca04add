package io.ringest.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class UnknownKeyTest
{
    @Test
    void shouldCountASwapOfNeighboursAsOneEdit()
    {
        assertEquals(1, UnknownKey.distance("clickhouse.tabel", "clickhouse.table"));
        assertEquals(1, UnknownKey.distance("pipeline.batch.row", "pipeline.batch.rows"));
        assertEquals(2, UnknownKey.distance("abc", "a"));
        assertEquals(3, UnknownKey.distance("", "abc"));
        assertEquals(0, UnknownKey.distance("same", "same"));
    }

    @Test
    void shouldNameTheNearestKeyOnlyWhenItIsNear()
    {
        final List<String> valid = List.of("pipeline.batch.bytes", "pipeline.batch.rows", "pipeline.linger");
        assertEquals("pipeline.batch.rows", UnknownKey.nearest("Pipeline.Batch.Rows", valid));
        assertNull(UnknownKey.nearest("pipeline.batch.size", valid));
        assertEquals("unknown setting 'pipeline.batch.size'; see the README",
            UnknownKey.error("pipeline.batch.size", valid, "see the README").getMessage());
    }
}
