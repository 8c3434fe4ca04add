package io.ringest.app;

import io.ringest.engine.Settings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole engine, in process, against the real Kafka broker and ClickHouse server of {@code scripts/stack.sh}. */
class IngestIT
{
    private static final int PARTITIONS = 4;
    private static final int RECORDS = 200_000;

    private final String name = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final ExecutorService runner = Executors.newCachedThreadPool();

    private final PrintStream originalErr = System.err;
    /** What ringest printed (it logs to standard error), so a wrong row count can say what happened meanwhile. */
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void teeStandardError()
    {
        System.setErr(new PrintStream(new OutputStream()
        {
            @Override
            public void write(final int b)
            {
                originalErr.write(b);
                printed.write(b);
            }

            @Override
            public void write(final byte[] b, final int off, final int len)
            {
                originalErr.write(b, off, len);
                printed.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
    }

    /** The table goes once its test is done; the topic ages out with the broker's 6-hour retention. */
    @AfterEach
    void dropTable() throws Exception
    {
        System.setErr(originalErr);
        LocalStack.sql("DROP TABLE IF EXISTS " + name);
    }

    /** Asserts the table holds {@code expected} rows; if not, says how many seqs it holds more than once and what ringest logged. */
    private void assertStored(final long expected) throws Exception
    {
        final long rows = count();
        if (rows != expected)
        {
            final long distinct = Long.parseLong(LocalStack.sql("SELECT uniqExact(seq) FROM " + name).trim());
            final String events = printed.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("ringest: ") && !line.contains("logs/s |")).collect(Collectors.joining("\n"));
            throw new AssertionError("expected " + expected + " rows but the table holds " + rows + ", " + distinct +
                " distinct seqs (" + (rows - distinct) + " stored more than once); ringest logged:\n" + events);
        }
    }

    private void createTopicAndTable() throws Exception
    {
        LocalStack.createTopic(name, PARTITIONS);
        LocalStack.sql(String.format(TestLogs.TABLE_DDL, name));
    }

    private Ringest start(final Path metrics, final String... overrides)
    {
        final List<String> settings = new ArrayList<>(List.of(
            "kafka.bootstrap.servers=" + LocalStack.BOOTSTRAP,
            "kafka.topics=" + name,
            "kafka.group.id=" + name,
            "clickhouse.url=" + LocalStack.CLICKHOUSE,
            "clickhouse.table=" + name,
            "pipeline.batch.rows=20000",
            "pipeline.linger=100ms",
            "metrics.dir=" + metrics));
        settings.addAll(TestLogs.MAPPING);
        settings.addAll(List.of(overrides));
        final Ringest ringest = new Ringest();
        final RingestConfig config = RingestConfig.from(Settings.load(null, settings));
        running.put(ringest, runner.submit(() -> ringest.runUntilStopped(config)));
        return ringest;
    }

    private final Map<Ringest, Future<Integer>> running = new HashMap<>();

    private int stop(final Ringest ringest) throws Exception
    {
        ringest.requestStop();
        return running.get(ringest).get(90, TimeUnit.SECONDS);
    }

    @Test
    void shouldLandEveryLogWithEveryFieldExactAndCommitToTheEnd() throws Exception
    {
        createTopicAndTable();
        TestLogs.produce(name, 0, RECORDS, false);
        final Ringest ringest = start(Path.of("target", name));
        LocalStack.waitFor(() -> count() >= RECORDS, 120);
        LocalStack.waitFor(() -> committedToEnd(), 30);
        assertEquals(0, stop(ringest));

        assertStored(RECORDS);
        final String[] rows = LocalStack.sql("SELECT " + TestLogs.SELECT_COLUMNS + " FROM " + name + " ORDER BY seq").split("\n");
        assertEquals(RECORDS, rows.length);
        for (int seq = 0; seq < RECORDS; seq++)
        {
            assertEquals(TestLogs.expectedRow(seq), rows[seq], "row " + seq);
        }
        assertEquals(LocalStack.endOffsets(name, PARTITIONS), LocalStack.committed(name));
    }

    @Test
    void shouldSendMalformedRecordsToTheDeadLetterTopicWithReasonsAndLandTheRest() throws Exception
    {
        createTopicAndTable();
        TestLogs.produce(name, 0, RECORDS, true);
        final long malformed = RECORDS / 100;
        final Ringest ringest = start(Path.of("target", name));
        LocalStack.waitFor(() -> count() >= RECORDS - malformed && committedToEnd(), 120);
        assertEquals(0, stop(ringest));

        assertStored(RECORDS - malformed);
        assertEquals("0", LocalStack.sql("SELECT count() FROM " + name + " WHERE seq % 100 = 42").trim());
        final List<ConsumerRecord<byte[], byte[]>> letters = LocalStack.readAll(name + ".dlq", malformed);
        assertEquals(malformed, letters.size());
        final Map<String, Integer> reasons = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> letter : letters)
        {
            final String reason = LocalStack.header(letter, "ringest.error");
            assertTrue(!reason.isBlank());
            reasons.merge(reason.replaceAll("[0-9]+", "N"), 1, Integer::sum);
            final long offset = Long.parseLong(LocalStack.header(letter, "ringest.source.offset"));
            final int partition = Integer.parseInt(LocalStack.header(letter, "ringest.source.partition"));
            assertEquals(name, LocalStack.header(letter, "ringest.source.topic"));
            assertTrue(offset >= 0 && partition >= 0 && partition < PARTITIONS);
            final String value = new String(letter.value(), StandardCharsets.UTF_8);
            assertTrue(value.startsWith("{\"timestamp\":\"2026-11-26T05:41:50Z\"") || value.startsWith("{\"level\"")
                || value.startsWith("{\"timestamp\":\"2026-13-45"), value);
        }
        System.out.println("dead-letter reasons: " + reasons);
        assertTrue(reasons.size() >= 4, "a distinct reason for each kind of bad record: " + reasons);
        assertEquals(LocalStack.endOffsets(name, PARTITIONS), LocalStack.committed(name));
    }

    @Test
    void shouldLoseNothingAndDuplicateNothingAcrossAGracefulStopAndRestart() throws Exception
    {
        createTopicAndTable();
        TestLogs.produce(name, 0, RECORDS, false);
        final Ringest first = start(Path.of("target", name + "-1"), "pipeline.batch.rows=5000");
        LocalStack.waitFor(() -> count() >= RECORDS / 4, 120);
        assertEquals(0, stop(first));
        final long afterFirst = count();
        assertTrue(afterFirst < RECORDS, "stopped mid-stream: " + afterFirst);

        TestLogs.produce(name, RECORDS, RECORDS + 50_000, false);
        final Ringest second = start(Path.of("target", name + "-2"));
        LocalStack.waitFor(() -> count() >= RECORDS + 50_000 && committedToEnd(), 120);
        assertEquals(0, stop(second));

        assertStored(RECORDS + 50_000);
        assertEquals(Long.toString(RECORDS + 50_000), LocalStack.sql("SELECT uniqExact(seq) FROM " + name).trim());
    }

    @Test
    void shouldSkipRecordsAlreadyStoredWhenTheirOffsetsWereNeverCommitted() throws Exception
    {
        createTopicAndTable();
        LocalStack.sql("ALTER TABLE " + name + " ADD COLUMN _topic String, ADD COLUMN _partition UInt32, "
            + "ADD COLUMN _offset UInt64");
        TestLogs.produce(name, 0, RECORDS, false);
        final Ringest first = start(Path.of("target", name + "-1"));
        LocalStack.waitFor(() -> count() >= RECORDS, 120);
        assertEquals(0, stop(first));

        // As if the first run had stored everything and crashed before committing: a new group reads from offset 0.
        TestLogs.produce(name, RECORDS, RECORDS + 10_000, false);
        final String replay = name + "-replay";
        final Ringest second = start(Path.of("target", replay), "kafka.group.id=" + replay);
        LocalStack.waitFor(() -> count() >= RECORDS + 10_000 && committedToEnd(replay), 120);
        assertEquals(0, stop(second));

        assertStored(RECORDS + 10_000);
        assertEquals(Long.toString(RECORDS + 10_000), LocalStack.sql("SELECT uniqExact(seq) FROM " + name).trim());
        assertEquals(Long.toString(RECORDS + 10_000), LocalStack.sql(
            "SELECT uniqExact(_partition, _offset) FROM " + name + " WHERE _topic = '" + name + "'").trim());
    }

    /**
     * A second process joins the group while the first drains a backlog with inserts in flight: the first one's revoked
     * partitions wait for what is in flight to be stored and commit it (kafka.revoke.wait), so on a table without the
     * metadata columns nothing is stored twice.
     */
    @Test
    void shouldStoreNothingTwiceWhenAMemberJoinsMidDrain() throws Exception
    {
        createTopicAndTable();
        // Each insert takes at least 500 ms, so the drain lasts several seconds and the revoke finds batches in flight.
        LocalStack.sql("ALTER TABLE " + name + " ADD COLUMN slow UInt8 MATERIALIZED sleep(0.5)");
        TestLogs.produce(name, 0, 2 * RECORDS, false);
        // Two live members on one host: each needs its own instance name, or the second fences the first.
        final Ringest first = start(Path.of("target", name + "-1"), "pipeline.pollers=1", "kafka.heartbeat.interval.ms=500",
            "kafka.instance.id=" + name + "-1");
        LocalStack.waitFor(() -> count() > 0, 120);
        final Ringest second = start(Path.of("target", name + "-2"), "pipeline.pollers=1", "kafka.heartbeat.interval.ms=500",
            "kafka.instance.id=" + name + "-2");
        // Assigned: the first member once alone, then each member its share.
        LocalStack.waitFor(() -> printed.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains(" assigned ")).count() >= 3, 60);
        final long atJoin = count();
        LocalStack.waitFor(() -> count() >= 2 * RECORDS && committedToEnd(), 120);
        assertEquals(0, stop(first));
        assertEquals(0, stop(second));

        assertTrue(atJoin < 2 * RECORDS, "the join came mid-drain: " + atJoin + " rows stored by then");
        assertStored(2 * RECORDS);
    }

    /**
     * Rows the encoder accepts but ClickHouse refuses (a MATERIALIZED column that cannot parse for every 10,000th seq:
     * code 6) split their batch until each is alone: exactly those go to the dead-letter topic, as the original record
     * read back from Kafka with ClickHouse's error, every other row is stored once and every offset is committed.
     */
    @Test
    void shouldDeadLetterExactlyTheRowsClickHouseRefuses() throws Exception
    {
        createTopicAndTable();
        LocalStack.sql("ALTER TABLE " + name + " ADD COLUMN refuse UInt8 MATERIALIZED toUInt8(if(seq % 10000 = 7, 'x', '0'))");
        TestLogs.produce(name, 0, RECORDS, false);
        final Ringest ringest = start(Path.of("target", name));
        final int refused = RECORDS / 10_000;
        LocalStack.waitFor(() -> count() >= RECORDS - refused && committedToEnd(), 120);
        assertEquals(0, stop(ringest));

        assertStored(RECORDS - refused);
        assertEquals("0", LocalStack.sql("SELECT count() FROM " + name + " WHERE seq % 10000 = 7").trim());
        final List<ConsumerRecord<byte[], byte[]>> letters = LocalStack.readAll(name + ".dlq", refused);
        assertEquals(refused, letters.size());
        for (final ConsumerRecord<byte[], byte[]> letter : letters)
        {
            final String value = new String(letter.value(), StandardCharsets.UTF_8);
            final long seq = Long.parseLong(value.replaceAll(".*\"seq\":(\\d+).*", "$1"));
            assertEquals(7, seq % 10_000, value);
            assertEquals(TestLogs.json(seq, false), value);
            assertTrue(LocalStack.header(letter, "ringest.error").startsWith("ClickHouse refused the row: insert into"), LocalStack.header(letter, "ringest.error"));
            assertTrue(LocalStack.header(letter, "ringest.error").contains("code 6"), LocalStack.header(letter, "ringest.error"));
        }
    }

    private long count()
    {
        return LocalStack.rows(name);
    }

    private boolean committedToEnd()
    {
        return committedToEnd(name);
    }

    private boolean committedToEnd(final String group)
    {
        try
        {
            return LocalStack.endOffsets(name, PARTITIONS).equals(LocalStack.committed(group));
        }
        catch (final Exception e)
        {
            throw new AssertionError(e);
        }
    }
}
