package io.ringest.clickhouse.encode;

import io.ringest.engine.ConfigException;
import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The encode.lenient.* settings: off by default, each taking one kind of value users send. */
class LenientInputTest
{
    private static final List<Column> COLUMNS = Rows.columns("n", "UInt16", "f", "Float64", "b", "Bool", "s", "String");

    private static JsonRowEncoder encoder(final Map<String, String> config)
    {
        return new JsonRowEncoder(ColumnPlan.fromConfig(COLUMNS, config, false));
    }

    @Test
    void shouldTakeNumbersInQuotesOnlyWhenAskedTo()
    {
        final String json = "{\"n\":\"42\",\"f\":\"-0.5e1\",\"s\":\"42\"}";
        final JsonRowEncoder strict = encoder(Map.of());
        assertFalse(strict.encode(Rows.event(json), new RowBuffer(16)));
        assertEquals("field 'n': expected an integer for UInt16, found string \"42\"", strict.failure());
        final byte[] row = Rows.encode(encoder(Map.of("encode.lenient.quoted.numbers", "true")), json);
        assertArrayEquals(Rows.bytes(42, 0, 0, 0, 0, 0, 0, 0, 0x14, 0xC0, 0, 2, '4', '2'), row);
        final JsonRowEncoder lenient = encoder(Map.of("encode.lenient.quoted.numbers", "true"));
        assertFalse(lenient.encode(Rows.event("{\"n\":\"4 2\"}"), new RowBuffer(16)));
        assertFalse(lenient.encode(Rows.event("{\"n\":\"\"}"), new RowBuffer(16)));
    }

    @Test
    void shouldTakeZeroAndOneAsBooleansOnlyWhenAskedTo()
    {
        final JsonRowEncoder strict = encoder(Map.of());
        assertFalse(strict.encode(Rows.event("{\"b\":1}"), new RowBuffer(16)));
        final JsonRowEncoder lenient = encoder(Map.of("encode.lenient.numeric.booleans", "true"));
        assertArrayEquals(Rows.bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0), Rows.encode(lenient, "{\"b\":1}"));
        assertArrayEquals(Rows.bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), Rows.encode(lenient, "{\"b\":0}"));
        assertFalse(lenient.encode(Rows.event("{\"b\":2}"), new RowBuffer(16)));
        assertEquals("field 'b': expected true, false, 0 or 1 for Bool, found number 2", lenient.failure());
    }

    @Test
    void shouldRefuseBadSettingsNamingTheKey()
    {
        assertEquals("encode.lenient.quoted.numbers must be true or false, got 'yes'", assertThrows(ConfigException.class,
            () -> encoder(Map.of("encode.lenient.quoted.numbers", "yes"))).getMessage());
        assertEquals("encode.timezone must be a time zone such as UTC, Europe/Paris or +02:00, got 'Mars/Olympus'",
            assertThrows(ConfigException.class, () -> encoder(Map.of("encode.timezone", "Mars/Olympus"))).getMessage());
    }
}
