package io.ringest.clickhouse.encode;

import io.ringest.engine.ConfigException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The catch-all ({@code encode.overflow}): the column, a {@code Map(String, String)}, or the two parallel
 * {@code Array(String)} columns of keys and values (for servers without Map), that take every field of a log no other
 * column reads, and the tree of the paths the columns do read. A field is covered when a column reads it or an object
 * around it; a nested object that is not covered is flattened into dotted keys. Immutable once built.
 */
final class Overflow
{
    static final String KEY = "encode.overflow";

    /** One key of a read path; {@code covered} if a column reads the value here whole. */
    static final class Node
    {
        final byte[] key;
        final List<Node> children = new ArrayList<>();
        boolean covered;

        Node(final byte[] key)
        {
            this.key = key;
        }

        /** The child for the key {@code name[from..to)}, or null. */
        Node child(final byte[] name, final int from, final int to)
        {
            for (final Node child : children)
            {
                if (Arrays.equals(child.key, 0, child.key.length, name, from, to))
                {
                    return child;
                }
            }
            return null;
        }
    }

    private final Node read = new Node(new byte[0]);

    private Overflow()
    {
    }

    /**
     * The columns of the catch-all, {@code names} (one Map column, or the keys and values Array(String) columns), none
     * if it is empty, checked against the table: a wrong type names the key and what is valid.
     */
    static List<String> columns(final List<String> names, final List<Column> table)
    {
        if (names.isEmpty())
        {
            return List.of();
        }
        final String wanted = names.size() == 1 ? "Map(String, String)" : "Array(String)";
        for (final String name : names)
        {
            final Column column = table.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
                new ConfigException(KEY + " names column '" + name + "', which the table does not have"));
            final ClickHouseType type = ClickHouseType.parse(name, column.type());
            final boolean fits = names.size() == 1
                ? type.kind() == ClickHouseType.Kind.MAP && !type.args().get(1).nullable()
                    && type.args().get(1).kind() == ClickHouseType.Kind.STRING
                : type.kind() == ClickHouseType.Kind.ARRAY && !type.args().get(0).nullable()
                    && type.args().get(0).kind() == ClickHouseType.Kind.STRING;
            if (names.size() > 2 || !fits || !column.isInsertable())
            {
                throw new ConfigException(KEY + " must name one Map(String, String) column, or two Array(String) "
                    + "columns for the keys and the values; got " + names + " with '" + name + "' " + column.type());
            }
        }
        return List.copyOf(names);
    }

    /** The tree of the paths {@code slots} read from the log. */
    static Overflow of(final ColumnSlot[] slots)
    {
        final Overflow overflow = new Overflow();
        for (final ColumnSlot slot : slots)
        {
            if (slot.source() != SourceColumn.JSON)
            {
                continue;
            }
            Node node = overflow.read;
            for (int i = 0; i < slot.path().segments().size(); i++)
            {
                final byte[] key = slot.path().bytes(i);
                Node child = node.child(key, 0, key.length);
                if (child == null)
                {
                    child = new Node(key);
                    node.children.add(child);
                }
                node = child;
            }
            node.covered = true;
        }
        return overflow;
    }

    /** The top of the tree: its children are the top-level keys columns read. */
    Node read()
    {
        return read;
    }
}
