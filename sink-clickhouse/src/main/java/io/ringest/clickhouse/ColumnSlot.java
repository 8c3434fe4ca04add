package io.ringest.clickhouse;

import java.nio.charset.StandardCharsets;

/**
 * One insertable column as the encoder sees it: the JSON field that feeds it, its parsed type and what to do when
 * the field is missing. Immutable; built once per schema by {@link ColumnPlan}.
 *
 * @param column     the table column's name
 * @param field      the JSON field name
 * @param type       the parsed column type
 * @param required   a missing field (or a null for a non-Nullable column) makes the record malformed
 * @param hasDefault the column has a DEFAULT expression the server can fill in (RowBinaryWithDefaults)
 * @param source     {@link SourceColumn#JSON}, or the Kafka coordinate a metadata column holds
 */
public record ColumnSlot(
    String column, String field, ClickHouseType type, boolean required, boolean hasDefault, SourceColumn source)
{
    /** The field name's UTF-8 bytes, as they appear between the quotes of a JSON key. */
    byte[] fieldBytes()
    {
        return field.getBytes(StandardCharsets.UTF_8);
    }

    /** Names the field, and the column when it differs, for failure messages. */
    String label()
    {
        return field.equals(column) ? "field '" + field + "'" : "field '" + field + "' (column '" + column + "')";
    }

    /** The FNV-1a hash dsl-json's {@code JsonReader.fillName()} computes over a key's raw bytes, of {@code name[0..length)}. */
    static int keyHash(final byte[] name, final int length)
    {
        long hash = 0x811c9dc5;
        for (int i = 0; i < length; i++)
        {
            hash ^= name[i];
            hash *= 0x1000193;
        }
        return (int)hash;
    }
}
