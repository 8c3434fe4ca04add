package io.ringest.clickhouse.encode;

import io.ringest.engine.ConfigException;
import io.ringest.engine.RecordParts;
import io.ringest.engine.Settings;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The compiled recipe for turning a JSON object into one row: the insertable columns in table order, the JSON field
 * feeding each, and a hash table from key bytes to column index. Built and validated once per table schema, then
 * immutable and safe to share; encoders keep their own scratch state.
 *
 * <p>Config keys: {@code mapping.<column>=<jsonField>} (default: the column's name), {@code encode.required=c1,c2},
 * {@code encode.epoch.unit=s|ms|us|ns} (default ms). Columns named {@code _topic}, {@code _partition},
 * {@code _offset}, {@code _timestamp}, {@code _key} and {@code _headers} (or {@code _headers.key} and
 * {@code _headers.value}) hold the Kafka record's own unless a mapping names them ({@link SourceColumn}).
 */
public final class ColumnPlan
{
    public static final String MAPPING_PREFIX = "mapping.";
    public static final String REQUIRED_KEY = EncodeConfig.REQUIRED_KEY;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final ColumnSlot[] slots;
    private final List<byte[]> roots = new ArrayList<>();
    private final int[] rootOf;
    private final byte[][][] rest;
    private final Overflow overflow;
    private byte[][] rootBytes;
    private int[] hashes;
    /** Per root, its first and last eight bytes as longs (the first zero-padded if shorter), for {@link #keyAt}. */
    private long[] heads;
    private long[] tails;
    /** Per root, the columns that read its value whole: the first pass fills them directly. */
    private int[][] direct;
    /** The columns reading a path below their root, resolved after the first pass. */
    private int[] nested;
    /** Per root, whether a column reads a path below it. */
    private boolean[] nestedBelow;
    /** Per root, the first Map column that reads it whole, or -1. */
    private int[] mapOfRoot;
    private int[] table;
    private int mask;
    private final EncodeConfig encode;
    private final boolean withDefaults;

    /**
     * @param columns      the table's columns as DESCRIBE TABLE lists them; MATERIALIZED and ALIAS ones are left out
     * @param fieldByColumn JSON field name per column where it differs from the column name
     * @param encode       the encoder's settings: required columns, epoch unit, catch-all, leniency
     * @param withDefaults write RowBinaryWithDefaults (a 0/1 marker before each column) instead of RowBinary
     */
    public ColumnPlan(
        final List<Column> columns, final Map<String, String> fieldByColumn, final EncodeConfig encode,
        final boolean withDefaults)
    {
        final Set<String> required = encode.required();
        final List<String> overflow = Overflow.columns(encode.overflow(), columns);
        final List<ColumnSlot> planned = new ArrayList<>();
        final Map<String, Column> known = new LinkedHashMap<>();
        for (final Column column : columns)
        {
            known.put(column.name(), column);
            if (column.isInsertable())
            {
                final String field = fieldByColumn.getOrDefault(column.name(), column.name());
                final FieldPath path = fieldByColumn.containsKey(column.name())
                    ? FieldPath.parse(MAPPING_PREFIX + column.name(), field) : FieldPath.literal(field);
                final boolean hasDefault = !column.defaultExpression().isEmpty()
                    && (column.defaultKind().equals("DEFAULT") || column.defaultKind().equals("EPHEMERAL"));
                final ClickHouseType type = ClickHouseType.parse(column.name(), column.type());
                final int catchAll = overflow.indexOf(column.name());
                if (catchAll >= 0 && fieldByColumn.containsKey(column.name()))
                {
                    throw new ConfigException(Overflow.KEY + " names column '" + column.name() + "', which "
                        + MAPPING_PREFIX + column.name() + " maps to a JSON field; drop one of the two");
                }
                final SourceColumn source = catchAll >= 0
                    ? (overflow.size() == 1 ? SourceColumn.OVERFLOW : catchAll == 0 ? SourceColumn.OVERFLOW_KEYS
                        : SourceColumn.OVERFLOW_VALUES)
                    : fieldByColumn.containsKey(column.name()) ? SourceColumn.JSON : SourceColumn.of(column.name(), type);
                planned.add(new ColumnSlot(column.name(), field, path, type, required.contains(column.name()),
                    hasDefault, source));
            }
        }
        requireKnown(fieldByColumn.keySet(), known, "a mapping (" + MAPPING_PREFIX + "<column>)");
        requireKnown(required, known, REQUIRED_KEY);
        if (planned.isEmpty())
        {
            throw new ConfigException("the table has no insertable columns");
        }
        this.slots = planned.toArray(new ColumnSlot[0]);
        this.rootOf = new int[slots.length];
        this.rest = new byte[slots.length][][];
        this.overflow = overflow.isEmpty() ? null : Overflow.of(slots);
        this.encode = encode;
        this.withDefaults = withDefaults;
        index();
    }

    /** Reads {@code mapping.*} and the {@code encode.*} keys of {@link EncodeConfig} from {@code config}; other keys are ignored. */
    public static ColumnPlan fromConfig(final List<Column> columns, final Map<String, String> config, final boolean withDefaults)
    {
        final Map<String, String> mapping = new HashMap<>();
        for (final Map.Entry<String, String> entry : config.entrySet())
        {
            if (entry.getKey().startsWith(MAPPING_PREFIX))
            {
                final String field = entry.getValue().trim();
                if (field.isEmpty())
                {
                    throw new ConfigException(entry.getKey() + " must name a JSON field, got an empty value");
                }
                mapping.put(entry.getKey().substring(MAPPING_PREFIX.length()), field);
            }
        }
        return new ColumnPlan(columns, mapping, EncodeConfig.from(config), withDefaults);
    }

    /** The keys {@link #fromConfig} reads, from {@code s}: every {@code mapping.*} and the {@code encode.*} keys of {@link EncodeConfig}. */
    public static Map<String, String> config(final Settings s)
    {
        final Map<String, String> config = new HashMap<>();
        s.withPrefix(MAPPING_PREFIX).forEach((column, field) -> config.put(MAPPING_PREFIX + column, field));
        for (final String key : EncodeConfig.KEYS)
        {
            final String value = s.string(key, null);
            if (value != null)
            {
                config.put(key, value);
            }
            s.defaultInForce(key, EncodeConfig.defaultText(key));
        }
        return config;
    }

    private static void requireKnown(final Set<String> names, final Map<String, Column> known, final String what)
    {
        for (final String name : names)
        {
            final Column column = known.get(name);
            if (column == null)
            {
                throw new ConfigException(what + " names column '" + name + "', which the table does not have; columns: "
                    + known.keySet());
            }
            if (!column.isInsertable())
            {
                throw new ConfigException(what + " names column '" + name + "', which is " + column.defaultKind()
                    + " and computed by the server");
            }
        }
    }

    /**
     * Gathers the distinct top-level keys the columns start from (their roots), each column's root and the keys below
     * it, and builds the open-addressing hash table from root bytes to root index.
     */
    private void index()
    {
        for (int i = 0; i < slots.length; i++)
        {
            rootOf[i] = -1;
            if (slots[i].source() != SourceColumn.JSON)
            {
                continue;
            }
            final FieldPath path = slots[i].path();
            for (int j = 0; j < i; j++)
            {
                if (slots[j].source() == SourceColumn.JSON && slots[j].path().segments().equals(path.segments()))
                {
                    throw new ConfigException("columns '" + slots[j].column() + "' and '" + slots[i].column()
                        + "' both read JSON field '" + slots[i].field() + "'; map one of them elsewhere with "
                        + MAPPING_PREFIX + "<column>");
                }
            }
            final byte[] root = path.bytes(0);
            int r = 0;
            while (r < roots.size() && !Arrays.equals(roots.get(r), root))
            {
                r++;
            }
            if (r == roots.size())
            {
                roots.add(root);
            }
            rootOf[i] = r;
            rest[i] = new byte[path.segments().size() - 1][];
            for (int k = 1; k < path.segments().size(); k++)
            {
                rest[i][k - 1] = path.bytes(k);
            }
        }
        rootBytes = roots.toArray(new byte[0][]);
        hashes = new int[roots.size()];
        heads = new long[roots.size()];
        tails = new long[roots.size()];
        direct = new int[roots.size()][];
        for (int r = 0; r < roots.size(); r++)
        {
            final int root = r;
            direct[r] = IntStream.range(0, slots.length).filter(i -> rootOf[i] == root && rest[i].length == 0).toArray();
        }
        nested = IntStream.range(0, slots.length).filter(i -> rootOf[i] >= 0 && rest[i].length > 0).toArray();
        nestedBelow = new boolean[roots.size()];
        for (final int i : nested)
        {
            nestedBelow[rootOf[i]] = true;
        }
        mapOfRoot = Arrays.stream(direct).mapToInt(columns -> Arrays.stream(columns)
            .filter(i -> slots[i].type().kind() == ClickHouseType.Kind.MAP).findFirst().orElse(-1)).toArray();
        table = new int[Integer.highestOneBit(Math.max(1, roots.size()) * 4 - 1) << 1];
        mask = table.length - 1;
        for (int r = 0; r < roots.size(); r++)
        {
            final byte[] root = roots.get(r);
            hashes[r] = keyHash(root, 0, root.length);
            final byte[] padded = Arrays.copyOf(root, Math.max(Long.BYTES, root.length));
            heads[r] = (long)LONG.get(padded, 0);
            tails[r] = (long)LONG.get(padded, padded.length - Long.BYTES);
            int at = hashes[r] & mask;
            while (table[at] != 0)
            {
                at = (at + 1) & mask;
            }
            table[at] = r + 1;
        }
    }

    /** The catch-all's tree of read paths, or null if there is no catch-all. */
    Overflow overflow()
    {
        return overflow;
    }

    /** How many distinct top-level keys the columns read. */
    int roots()
    {
        return roots.size();
    }

    /** The root (top-level key) column {@code index} starts from, or -1 if it is not read from the JSON log. */
    int rootOf(final int index)
    {
        return rootOf[index];
    }

    /** The columns that read root {@code root}'s value whole. */
    int[] direct(final int root)
    {
        return direct[root];
    }

    /** The first column of type Map that reads root {@code root}'s value whole, or -1: see {@link MapPrewriter}. */
    int mapOf(final int root)
    {
        return mapOfRoot[root];
    }

    /** Whether a column reads a path below root {@code root}. */
    boolean nestedBelow(final int root)
    {
        return nestedBelow[root];
    }

    /** The columns that read a path below their root, in table order. */
    int[] nested()
    {
        return nested;
    }

    /** The keys below the root leading to column {@code index}'s value, as UTF-8; empty for a top-level field. */
    byte[][] rest(final int index)
    {
        return rest[index];
    }

    /**
     * The root whose UTF-8 bytes are {@code name[from..from+length)}, or -1 for an unknown key. A key written with
     * escapes must be decoded first ({@link JsonStringDecoder}): {@code "\\u006cevel"} is {@code level}.
     */
    int find(final byte[] name, final int from, final int length)
    {
        final int hash = keyHash(name, from, length);
        int at = hash & mask;
        int entry;
        while ((entry = table[at]) != 0)
        {
            final int root = entry - 1;
            final byte[] bytes = rootBytes[root];
            if (hashes[root] == hash && Arrays.equals(bytes, 0, bytes.length, name, from, from + length))
            {
                return root;
            }
            at = (at + 1) & mask;
        }
        return -1;
    }

    /**
     * True if the key whose body starts at {@code json[at]} is exactly root {@code root} as written (its bytes, then the
     * closing quote before {@code length}). The first pass asks this of the root the same position held in the previous
     * record, as producers write their keys in the same order: one or two long compares instead of a scan and a lookup.
     */
    boolean keyAt(final int root, final byte[] json, final int at, final int length)
    {
        final int n = rootBytes[root].length;
        if (at + Math.max(n, Long.BYTES) >= length || json[at + n] != '"')
        {
            return false;
        }
        final long head = (long)LONG.get(json, at);
        if (n < Long.BYTES)
        {
            return (head & (1L << (n << 3)) - 1) == heads[root];
        }
        return head == heads[root] && (long)LONG.get(json, at + n - Long.BYTES) == tails[root]
            && (n <= 2 * Long.BYTES || Arrays.equals(json, at, at + n, rootBytes[root], 0, n));
    }

    /** Length in bytes of root {@code root} as written in JSON without escapes. */
    int rootLength(final int root)
    {
        return rootBytes[root].length;
    }

    /**
     * A hash of a key from its length and its first and last eight bytes, read as two longs: a few instructions for
     * any key, where a byte-by-byte hash costs a multiply per byte. {@link #find} compares the bytes anyway.
     */
    static int keyHash(final byte[] name, final int from, final int length)
    {
        long h;
        if (length >= Long.BYTES)
        {
            h = (long)LONG.get(name, from) * 0x9E3779B97F4A7C15L ^ (long)LONG.get(name, from + length - Long.BYTES);
        }
        else
        {
            h = 0;
            for (int i = from; i < from + length; i++)
            {
                h = h << 8 | name[i] & 0xFF;
            }
        }
        h = (h ^ length) * 0xC2B2AE3D27D4EB4FL;
        return (int)(h ^ h >>> 32);
    }

    /** True if a column holds this Kafka coordinate. */
    public boolean hasSource(final SourceColumn source)
    {
        return Arrays.stream(slots).anyMatch(slot -> slot.source() == source);
    }

    /** The parts of a Kafka record beyond its value that the columns read ({@code _key}, {@code _headers}). */
    public RecordParts recordParts()
    {
        return new RecordParts(hasSource(SourceColumn.KEY), hasSource(SourceColumn.HEADERS)
            || hasSource(SourceColumn.HEADER_KEYS) || hasSource(SourceColumn.HEADER_VALUES));
    }

    public int size()
    {
        return slots.length;
    }

    public ColumnSlot slot(final int index)
    {
        return slots[index];
    }

    public EncodeConfig encode()
    {
        return encode;
    }

    public boolean withDefaults()
    {
        return withDefaults;
    }
}
