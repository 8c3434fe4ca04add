package io.ringest.app;

import io.ringest.engine.Settings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A table altered while ringest runs, on the real Kafka and ClickHouse 18.16: a column added is re-read within
 * {@code clickhouse.schema.refresh} and filled from the next batch on, every record stored exactly once; a column retyped
 * under batches encoded for the old type stops ringest with a message naming the change, nothing dead-lettered and
 * nothing committed past the stored rows, and a restart stores the rest for the new type.
 */
class SchemaChangeIT
{
    private static final int PARTITIONS = 2;
    private static final int WAVE = 500;

    private final String name = "schema_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final ExecutorService runner = Executors.newCachedThreadPool();
    private final PrintStream originalErr = System.err;
    /** What ringest printed (it logs to standard error). */
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void teeStandardError() throws Exception
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
        LocalStack.createTopic(name, PARTITIONS);
        LocalStack.sql("CREATE TABLE " + name + " (_topic String, _partition UInt32, _offset UInt64, msg String, "
            + "status UInt16, seq UInt64) ENGINE = MergeTree ORDER BY (_topic, _partition, _offset)");
    }

    @AfterEach
    void dropTable() throws Exception
    {
        System.setErr(originalErr);
        runner.shutdownNow();
        LocalStack.sql("DROP TABLE IF EXISTS " + name);
    }

    /**
     * Waves of records carrying {@code region} go in before, during and after {@code ADD COLUMN region}: rows stored
     * before the change hold '', rows of records produced once the change was logged (and a batch later) hold the
     * record's region, no row holds anything else, and every record is stored exactly once.
     */
    @Test
    void shouldFillAColumnAddedWhileRunningWithoutLosingOrRepeatingARecord() throws Exception
    {
        final Ringest ringest = new Ringest();
        final Future<Integer> run = start(ringest, "clickhouse.schema.refresh=1s");
        int seq = 0;
        for (int wave = 0; wave < 4; wave++, seq += WAVE)
        {
            produce(seq, seq + WAVE);
        }
        final int before = seq;
        LocalStack.waitFor(() -> count() == before, 60);
        LocalStack.sql("ALTER TABLE " + name + " ADD COLUMN region String");
        final String changed = "ringest: schema of `default`.`" + name + "` changed: added region String; filled from the next batch on";
        while (!logged(changed))
        {
            assertTrue(seq < 40 * WAVE, "the change was not logged within 40 waves");
            produce(seq, seq + WAVE);
            seq += WAVE;
            Thread.sleep(100);
        }
        final int logged = seq;
        Thread.sleep(1500);
        final int filledFrom = seq;
        for (int wave = 0; wave < 4; wave++, seq += WAVE)
        {
            produce(seq, seq + WAVE);
        }
        final int total = seq;
        LocalStack.waitFor(() -> count() >= total && committedToEnd(), 60);
        ringest.requestStop();
        assertEquals(0, run.get(90, TimeUnit.SECONDS));

        assertEquals(total + "\t" + total + "\t" + total, LocalStack.sql("SELECT count(), uniqExact(_topic, _partition, _offset), "
            + "uniqExact(seq) FROM " + name).trim(), "every record stored exactly once");
        assertEquals("0", LocalStack.sql("SELECT count() FROM " + name + " WHERE region != '' AND region != concat('r-', toString(seq))").trim());
        assertEquals("0", LocalStack.sql("SELECT count() FROM " + name + " WHERE seq < " + before + " AND region != ''").trim(),
            "rows stored before the change");
        assertEquals("0", LocalStack.sql("SELECT count() FROM " + name + " WHERE seq >= " + filledFrom + " AND region = ''").trim(),
            "records produced after the change was logged");
        assertEquals(1, printed.toString(StandardCharsets.UTF_8).lines().filter(line -> line.endsWith(changed)).count());
        assertEquals(0, deadLetters());
        System.out.println("region filled from the next batch on: " + LocalStack.sql("SELECT countIf(region = ''), "
            + "countIf(region != '') FROM " + name).trim() + " (empty, filled); change logged after seq " + logged);
    }

    /**
     * With the re-read off, rows are still encoded for {@code status UInt16} after {@code MODIFY COLUMN status String}:
     * 18.16 reads the old two bytes as a String's length (200 is the varint 0xC8 0x00: 72 bytes) and refuses the insert
     * (Code 33), the writer re-reads the table and stops ringest naming the change; nothing is dead-lettered, no row of
     * the second wave is stored, the committed offsets stay at the first wave's end. A restart encodes the second wave
     * for the new type and stores it. Batches are one row here: a length of 72, 148 or 244 bytes then always runs past
     * the row, while a batch of many rows is, now and then, misread by 18.16 as fewer rows of garbage and accepted
     * (measured: 2 of 200 batches of 500 such rows), which no check of ringest's can see; the README says so.
     */
    @Test
    void shouldStopOnARetypedColumnAndStoreTheRestAfterARestart() throws Exception
    {
        final int wave = 200;
        final Ringest first = new Ringest();
        final Future<Integer> run = start(first, "clickhouse.schema.refresh=0", "pipeline.batch.rows=1");
        produce(0, wave);
        LocalStack.waitFor(() -> count() == wave && committedToEnd(), 60);
        final Map<TopicPartition, Long> firstWave = LocalStack.endOffsets(name, PARTITIONS);

        LocalStack.sql("ALTER TABLE " + name + " MODIFY COLUMN status String");
        produce(wave, 2 * wave);
        assertEquals(1, run.get(60, TimeUnit.SECONDS), "ringest stops by itself");
        final String stopped = printed.toString(StandardCharsets.UTF_8);
        assertTrue(stopped.contains("changed while ringest ran: column `status` retyped from UInt16 to String; rows encoded "
            + "before the change (layout 1) cannot be stored; restart ringest"), stopped);
        assertTrue(stopped.contains("(the insert failed with: Code: 33"), stopped);
        assertEquals(wave, count(), "no row of the second wave");
        assertEquals("0", LocalStack.sql("SELECT count() FROM " + name + " WHERE status NOT IN ('200', '404', '500')").trim());
        assertEquals(firstWave, LocalStack.committed(name));
        assertEquals(0, deadLetters());

        final Ringest second = new Ringest();
        final Future<Integer> rerun = start(second, "clickhouse.schema.refresh=0");
        LocalStack.waitFor(() -> count() >= 2 * wave && committedToEnd(), 60);
        second.requestStop();
        assertEquals(0, rerun.get(90, TimeUnit.SECONDS));
        assertEquals(2 * wave + "\t" + 2 * wave, LocalStack.sql("SELECT count(), uniqExact(_topic, _partition, _offset) FROM "
            + name).trim());
        assertEquals("0", LocalStack.sql("SELECT count() FROM " + name + " WHERE status != toString(multiIf(seq % 7 = 0, 404, "
            + "seq % 5 = 0, 500, 200))").trim(), "every status as its record's number, as text");
        assertEquals(0, deadLetters());
    }

    private Future<Integer> start(final Ringest ringest, final String... overrides)
    {
        final List<String> settings = new ArrayList<>(List.of(
            "kafka.bootstrap.servers=" + LocalStack.BOOTSTRAP,
            "kafka.topics=" + name,
            "kafka.group.id=" + name,
            "clickhouse.url=" + LocalStack.CLICKHOUSE,
            "clickhouse.table=" + name,
            "pipeline.batch.rows=" + WAVE,
            "pipeline.linger=100ms",
            "metrics.dir=" + Path.of("target", name)));
        settings.addAll(List.of(overrides));
        final RingestConfig config = RingestConfig.from(Settings.load(null, settings));
        return runner.submit(() -> ringest.runUntilStopped(config));
    }

    /** Records {@code from} until {@code to}: a status of 200, 404 or 500 and a region, both told by the seq. */
    private void produce(final int from, final int to) throws InterruptedException
    {
        final List<byte[]> keys = new ArrayList<>();
        final List<byte[]> values = new ArrayList<>();
        for (int seq = from; seq < to; seq++)
        {
            final int status = seq % 7 == 0 ? 404 : seq % 5 == 0 ? 500 : 200;
            keys.add(Integer.toString(seq).getBytes(StandardCharsets.UTF_8));
            values.add(("{\"msg\":\"log " + seq + "\",\"status\":" + status + ",\"seq\":" + seq + ",\"region\":\"r-" + seq + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        }
        LocalStack.produce(name, keys, values);
    }

    private boolean logged(final String line)
    {
        return printed.toString(StandardCharsets.UTF_8).lines().anyMatch(l -> l.endsWith(line));
    }

    /** Records in the dead-letter topic, 0 if nothing ever created it. */
    private long deadLetters() throws Exception
    {
        final String dlq = name + ".dlq";
        try (Admin admin = LocalStack.admin())
        {
            if (!admin.listTopics().names().get().contains(dlq))
            {
                return 0;
            }
            final int partitions = admin.describeTopics(List.of(dlq)).allTopicNames().get().get(dlq).partitions().size();
            return LocalStack.endOffsets(dlq, partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private long count()
    {
        return LocalStack.rows(name);
    }

    private boolean committedToEnd()
    {
        return LocalStack.committedToEnd(name, PARTITIONS, name);
    }
}
