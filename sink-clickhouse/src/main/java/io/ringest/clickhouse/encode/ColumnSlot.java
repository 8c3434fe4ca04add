package io.ringest.clickhouse.encode;

/**
 * One insertable column as the encoder sees it: the JSON field that feeds it, its parsed type and what to do when
 * the field is missing. Immutable; built once per schema by {@link ColumnPlan}.
 *
 * @param column     the table column's name
 * @param field      the JSON field as configured (a key, or a dotted path into nested objects), for messages
 * @param path       the keys leading to the value, from the top level down
 * @param type       the parsed column type
 * @param required   a missing field (or a null for a non-Nullable column) makes the record malformed
 * @param hasDefault the column has a DEFAULT expression the server can fill in (RowBinaryWithDefaults)
 * @param source     {@link SourceColumn#JSON}, or the Kafka coordinate a metadata column holds
 */
public record ColumnSlot(
    String column, String field, FieldPath path, ClickHouseType type, boolean required, boolean hasDefault,
    SourceColumn source)
{
    /** Names the field, and the column when it differs, for failure messages. */
    String label()
    {
        return field.equals(column) ? "field '" + field + "'" : "field '" + field + "' (column '" + column + "')";
    }
}
