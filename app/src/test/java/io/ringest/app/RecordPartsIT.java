package io.ringest.app;

import io.ringest.engine.Settings;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The record key and headers end to end on the real broker and server (ClickHouse 18.16, which has no Map): records
 * with keys (null, empty, not UTF-8) and headers (duplicate keys, non-ASCII keys, binary and null values) go through
 * Kafka and ringest into {@code _key Nullable(String)} and {@code _headers Nested(key String, value String)}, and
 * every row, read back as hex, is compared with the bytes its record was produced with.
 */
class RecordPartsIT
{
    private static final int RECORDS = 2_000;
    private static final int PARTITIONS = 2;
    /** No unpaired surrogate: Kafka's producer sizes one as 3 or 4 bytes but writes it as 1 ('?'), a corrupt record. */
    private static final String[] HEADER_KEYS = {"trace", "a", "caf\u00e9", "\u4e16\ud83d\ude00", ""};

    private final String name = "parts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    @AfterEach
    void dropTable() throws Exception
    {
        runner.shutdownNow();
        LocalStack.sql("DROP TABLE IF EXISTS " + name);
    }

    @Test
    void shouldStoreEveryKeyAndHeaderAsProduced() throws Exception
    {
        LocalStack.sql("CREATE TABLE " + name + " (seq UInt32, _partition UInt32, _offset UInt64, _key Nullable(String), "
            + "_headers Nested(key String, value String)) ENGINE = MergeTree() ORDER BY (_partition, _offset)");
        assertEquals("_headers.key\tArray(String)\n_headers.value\tArray(String)\n_key\tNullable(String)\n",
            LocalStack.sql("SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = '"
                + name + "' AND name LIKE '\\\\_%' AND name NOT IN ('_partition', '_offset') ORDER BY name"));
        LocalStack.createTopic(name, PARTITIONS);
        final List<ProducerRecord<byte[], byte[]>> records = records(new Random(13));
        final String[] landed = LocalStack.produce(records);
        final Map<String, ProducerRecord<byte[], byte[]>> byCoordinates = new HashMap<>();
        for (int i = 0; i < RECORDS; i++)
        {
            byCoordinates.put(landed[i], records.get(i));
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

        final String[] rows = LocalStack.sql("SELECT _partition, _offset, seq, isNull(_key), hex(assumeNotNull(_key)), "
            + "arrayMap(k -> hex(k), `_headers.key`), arrayMap(v -> hex(v), `_headers.value`) FROM " + name
            + " FORMAT TabSeparated").split("\n");
        assertEquals(RECORDS, rows.length);
        for (final String row : rows)
        {
            final String[] cells = row.split("\t", 3);
            final String at = cells[0] + ":" + cells[1];
            assertEquals(expected(byCoordinates.get(at)), cells[2], "record " + at);
        }
    }

    private List<ProducerRecord<byte[], byte[]>> records(final Random random)
    {
        final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++)
        {
            final byte[] key = i % 5 == 0 ? null : i % 5 == 1 ? new byte[0] : bytes(random, 1 + random.nextInt(40));
            final List<Header> headers = new ArrayList<>();
            for (int h = random.nextInt(6); h > 0; h--)
            {
                final byte[] value = random.nextInt(6) == 0 ? null : bytes(random, random.nextInt(60));
                headers.add(new RecordHeader(HEADER_KEYS[random.nextInt(HEADER_KEYS.length)], value));
            }
            records.add(new ProducerRecord<>(name, null, key, ("{\"seq\":" + i + "}").getBytes(StandardCharsets.UTF_8),
                headers));
        }
        return records;
    }

    /** Random bytes, half the time letters, else anything (mostly not UTF-8). */
    private static byte[] bytes(final Random random, final int length)
    {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        if (random.nextBoolean())
        {
            for (int i = 0; i < length; i++)
            {
                bytes[i] = (byte)('a' + (bytes[i] & 15));
            }
        }
        return bytes;
    }

    /**
     * The row's cells after the coordinates, from the record as produced: the key NULL if null; every header in order,
     * its key as Java's UTF-8 (Kafka's own encoding), a null value as the String column's ''.
     */
    private static String expected(final ProducerRecord<byte[], byte[]> record)
    {
        final String json = new String(record.value(), StandardCharsets.UTF_8);
        final StringJoiner keys = new StringJoiner("','", "['", "']").setEmptyValue("[]");
        final StringJoiner values = new StringJoiner("','", "['", "']").setEmptyValue("[]");
        for (final Header header : record.headers())
        {
            keys.add(hex(header.key().getBytes(StandardCharsets.UTF_8)));
            values.add(hex(header.value()));
        }
        return json.substring(7, json.length() - 1) + "\t" + (record.key() == null ? 1 : 0) + "\t" + hex(record.key())
            + "\t" + keys + "\t" + values;
    }

    private static String hex(final byte[] bytes)
    {
        return bytes == null ? "" : HexFormat.of().withUpperCase().formatHex(bytes);
    }

    private boolean committedToEnd()
    {
        return LocalStack.committedToEnd(name, PARTITIONS, name);
    }
}
