package io.ringest.clickhouse.encode;

/**
 * One column of the target table as {@code DESCRIBE TABLE} reports it.
 *
 * @param name        column name
 * @param type        type as the server spells it, e.g. {@code Nullable(DateTime64(3, 'UTC'))}
 * @param defaultKind empty, {@code DEFAULT}, {@code MATERIALIZED}, {@code ALIAS} or {@code EPHEMERAL}
 * @param defaultExpression the default expression, empty if none
 */
public record Column(String name, String type, String defaultKind, String defaultExpression)
{
    /** MATERIALIZED and ALIAS columns are computed by the server and must not be sent. */
    public boolean isInsertable()
    {
        return !defaultKind.equals("MATERIALIZED") && !defaultKind.equals("ALIAS");
    }
}
