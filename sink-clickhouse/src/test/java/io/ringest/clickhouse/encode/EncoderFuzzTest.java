package io.ringest.clickhouse.encode;

import io.ringest.engine.RowBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The differential fuzzer's encoder leg: seeded random legal JSON logs ({@link FuzzLogs}) go through ringest's real
 * encoder, the RowBinary is read back ({@link RowBinaryRows}) and every value compared with what Java's own parsers and
 * Jackson make of the same record ({@link FuzzReference}); a record the reference refuses must be refused too, naming
 * the same column. Records cycle through the four epoch units.
 *
 * <p>{@code -Dringest.fuzz.seed=N} replays a run, {@code -Dringest.fuzz.records=N} runs longer (default 20,000); a
 * failure prints the seed, each differing column and the record.
 */
class EncoderFuzzTest
{
    private static final int SHOWN = 30;

    @Test
    void shouldEncodeEveryRecordAsJavasOwnParsersReadIt()
    {
        final long seed = Long.getLong("ringest.fuzz.seed", new SecureRandom().nextLong());
        final int records = Integer.getInteger("ringest.fuzz.records", 20_000);
        final List<FuzzColumn> columns = FuzzColumn.ALL_TYPES;
        final EpochUnit[] units = EpochUnit.values();
        final JsonRowEncoder[] encoders = new JsonRowEncoder[units.length];
        for (int u = 0; u < units.length; u++)
        {
            encoders[u] = new JsonRowEncoder(ColumnPlan.fromConfig(FuzzColumn.columns(columns),
                Map.of(EpochUnit.KEY, units[u].symbol()), false));
        }
        final FuzzLogs logs = new FuzzLogs(seed, columns);
        final RowBuffer out = new RowBuffer(1 << 16);
        final Map<String, Integer> findings = new TreeMap<>();
        final Map<String, String> examples = new TreeMap<>();
        int refused = 0;
        for (int i = 0; i < records; i++)
        {
            final int u = i % units.length;
            final byte[] json = logs.next(units[u]);
            final List<String> expected = FuzzReference.expect(json, columns, units[u]);
            out.truncate(0);
            final boolean encoded = encoders[u].encode(Rows.event(json), out);
            final Map<String, String> problems = new TreeMap<>();
            if (expected.get(0).startsWith("FAIL "))
            {
                refused++;
                final String column = expected.get(0).substring(5);
                if (encoded || !encoders[u].failure().contains("'" + column + "'"))
                {
                    problems.put(column + " not refused", encoded ? "encoded a row" : encoders[u].failure());
                }
            }
            else if (!encoded)
            {
                problems.put(refusedColumn(encoders[u].failure(), columns) + " refused", encoders[u].failure());
            }
            else
            {
                compare(columns, expected, out, problems);
            }
            for (final Map.Entry<String, String> problem : problems.entrySet())
            {
                findings.merge(problem.getKey(), 1, Integer::sum);
                if (examples.size() < SHOWN)
                {
                    examples.putIfAbsent(problem.getKey(), problem.getKey() + ": " + problem.getValue() + "\n    record "
                        + i + " (epoch unit " + units[u].symbol() + "): " + new String(json, StandardCharsets.UTF_8));
                }
            }
        }
        System.out.printf("EncoderFuzzTest: seed %d, %d records, %d refused as the reference does, findings %s%n",
            seed, records, refused, findings);
        assertTrue(findings.isEmpty(), "seed " + seed + " (-Dringest.fuzz.seed=" + seed + "): findings per column "
            + findings + "; first " + examples.size() + ":\n  " + String.join("\n  ", examples.values()));
    }

    /** Reads the row back and notes each column that differs from the reference, or that the row cannot be read. */
    private static void compare(
        final List<FuzzColumn> columns, final List<String> expected, final RowBuffer out, final Map<String, String> problems)
    {
        final RowBinaryRows rows = new RowBinaryRows(out.array(), out.size());
        final List<String> actual;
        try
        {
            actual = rows.row(columns);
        }
        catch (final RuntimeException e)
        {
            problems.put("row unreadable", e.toString());
            return;
        }
        for (int c = 0; c < columns.size(); c++)
        {
            if (!expected.get(c).equals(actual.get(c)))
            {
                problems.put(columns.get(c).name() + " wrong", "expected " + expected.get(c) + ", encoded " + actual.get(c));
            }
        }
        if (rows.hasMore())
        {
            problems.put("row", "bytes left over after the row");
        }
    }

    private static String refusedColumn(final String failure, final List<FuzzColumn> columns)
    {
        return columns.stream().map(FuzzColumn::name).filter(name -> failure.startsWith("field '" + name + "'"))
            .findFirst().orElse("a column");
    }
}
