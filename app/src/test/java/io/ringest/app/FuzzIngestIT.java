package io.ringest.app;

import io.ringest.clickhouse.encode.EpochUnit;
import io.ringest.clickhouse.encode.FuzzColumn;
import io.ringest.clickhouse.encode.FuzzLogs;
import io.ringest.clickhouse.encode.FuzzReference;
import io.ringest.clickhouse.encode.RowBinaryRows;
import io.ringest.engine.Settings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The differential fuzzer's end-to-end leg: the same seeded legal JSON logs as {@code EncoderFuzzTest} go through
 * Kafka and the whole of ringest into the real ClickHouse server, are read back exactly ({@code FORMAT RowBinary}) and
 * compared value by value with {@link FuzzReference}; every record the reference refuses must be in the dead-letter
 * topic, naming its column, and nothing else. The table holds what ClickHouse 18.16 can
 * ({@link FuzzColumn#CLICKHOUSE_18}) plus {@code _partition} and {@code _offset} to tell the records apart.
 *
 * <p>{@code -Dringest.fuzz.seed=N} replays a run, {@code -Dringest.fuzz.records=N} runs longer (default 20,000).
 */
class FuzzIngestIT
{
    private static final int PARTITIONS = 4;
    private static final List<FuzzColumn> COLUMNS = FuzzColumn.CLICKHOUSE_18;

    private final String name = "fuzz_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    @AfterEach
    void dropTable() throws Exception
    {
        runner.shutdownNow();
        LocalStack.sql("DROP TABLE IF EXISTS " + name);
    }

    @Test
    void shouldStoreEveryRecordAsJavasOwnParsersReadItAndDeadLetterTheRest() throws Exception
    {
        final long seed = Long.getLong("ringest.fuzz.seed", new SecureRandom().nextLong());
        final int records = Integer.getInteger("ringest.fuzz.records", 20_000);
        final FuzzLogs logs = new FuzzLogs(seed, COLUMNS);
        final List<byte[]> keys = new ArrayList<>();
        final List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < records; i++)
        {
            keys.add(Integer.toString(i).getBytes(StandardCharsets.UTF_8));
            values.add(logs.next(EpochUnit.MILLISECONDS));
        }
        LocalStack.createTopic(name, PARTITIONS);
        LocalStack.sql("CREATE TABLE " + name + " (" + COLUMNS.stream().map(c -> "`" + c.name() + "` " + c.type())
            .collect(Collectors.joining(", ")) + ", _partition UInt32, _offset UInt64) "
            + "ENGINE = MergeTree() ORDER BY (_partition, _offset)");
        final String[] landed = LocalStack.produce(name, keys, values);

        final Map<String, List<String>> expected = new HashMap<>();
        final Set<String> refused = new TreeSet<>();
        for (int i = 0; i < records; i++)
        {
            final List<String> row = FuzzReference.expect(values.get(i), COLUMNS, EpochUnit.MILLISECONDS);
            expected.put(landed[i], row);
            if (row.get(0).startsWith("FAIL "))
            {
                refused.add(landed[i]);
            }
        }

        final Ringest ringest = new Ringest();
        final RingestConfig config = RingestConfig.from(Settings.load(null, List.of(
            "kafka.bootstrap.servers=" + LocalStack.BOOTSTRAP, "kafka.topics=" + name, "kafka.group.id=" + name,
            "clickhouse.url=" + LocalStack.CLICKHOUSE, "clickhouse.table=" + name, "pipeline.linger=100ms",
            "metrics.dir=" + Path.of("target", name))));
        final Future<Integer> run = runner.submit(() -> ringest.runUntilStopped(config));
        LocalStack.waitFor(this::committedToEnd, 120);
        ringest.requestStop();
        assertEquals(0, run.get(90, TimeUnit.SECONDS));

        final Map<String, Integer> findings = new TreeMap<>();
        final Map<String, String> examples = new TreeMap<>();
        final Set<String> seen = new TreeSet<>();
        final byte[] table = LocalStack.sqlBytes("SELECT " + COLUMNS.stream().map(c -> "`" + c.name() + "`")
            .collect(Collectors.joining(", ")) + ", _partition, _offset FROM " + name + " FORMAT RowBinary");
        final RowBinaryRows rows = new RowBinaryRows(table, table.length);
        while (rows.hasMore())
        {
            final List<String> row = rows.row(COLUMNS);
            final String at = rows.value("UInt32") + ":" + rows.value("UInt64");
            final List<String> want = expected.get(at);
            if (!seen.add(at) || want == null || refused.contains(at))
            {
                note(findings, examples, "stored wrongly", at + " stored " + (seen.contains(at) ? "twice" : "though refused"));
                continue;
            }
            for (int c = 0; c < COLUMNS.size(); c++)
            {
                if (!want.get(c).equals(row.get(c)))
                {
                    note(findings, examples, COLUMNS.get(c).name() + " wrong", "record " + at + ": expected "
                        + want.get(c) + ", stored " + row.get(c) + "\n    " + record(values, landed, at));
                }
            }
        }
        final List<ConsumerRecord<byte[], byte[]>> letters = LocalStack.readAll(name + ".dlq", refused.size());
        final Set<String> lettered = new TreeSet<>();
        for (final ConsumerRecord<byte[], byte[]> letter : letters)
        {
            final String at = LocalStack.header(letter, "ringest.source.partition") + ":"
                + LocalStack.header(letter, "ringest.source.offset");
            lettered.add(at);
            final String column = refused.contains(at) ? expected.get(at).get(0).substring(5) : null;
            if (column == null || !LocalStack.header(letter, "ringest.error").contains("'" + column + "'"))
            {
                note(findings, examples, "dead-lettered wrongly", "record " + at + ": " + LocalStack.header(letter,
                    "ringest.error") + (column == null ? " (the reference stores it)" : " (the reference refuses " + column + ")")
                    + "\n    " + record(values, landed, at));
            }
        }
        final Set<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(seen);
        missing.removeAll(lettered);
        missing.forEach(at -> note(findings, examples, "lost", "record " + at + " is neither stored nor dead-lettered"));
        System.out.printf("FuzzIngestIT: seed %d, %d records, %d stored, %d dead-lettered as the reference says, "
            + "findings %s%n", seed, records, seen.size(), lettered.size(), findings);
        assertTrue(findings.isEmpty(), "seed " + seed + " (-Dringest.fuzz.seed=" + seed + "): findings " + findings
            + "; first of each:\n  " + String.join("\n  ", examples.values()));
        assertEquals(records - refused.size(), seen.size());
        assertEquals(refused.size(), letters.size());
    }

    private static void note(final Map<String, Integer> findings, final Map<String, String> examples, final String kind,
        final String example)
    {
        findings.merge(kind, 1, Integer::sum);
        examples.putIfAbsent(kind, kind + ": " + example);
    }

    private static String record(final List<byte[]> values, final String[] landed, final String at)
    {
        for (int i = 0; i < landed.length; i++)
        {
            if (landed[i].equals(at))
            {
                return new String(values.get(i), StandardCharsets.UTF_8);
            }
        }
        return "(not produced)";
    }

    private boolean committedToEnd()
    {
        return LocalStack.committedToEnd(name, PARTITIONS, name);
    }
}
