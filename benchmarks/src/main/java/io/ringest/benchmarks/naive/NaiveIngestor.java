package io.ringest.benchmarks.naive;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.metadata.TableSchema;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The obvious Kafka-to-ClickHouse loader, written fairly: one {@link KafkaConsumer}, one Jackson {@link ObjectMapper}
 * mapping each value to a {@link NaiveLogRow}, client-v2's {@code insert(table, pojos)}, offsets committed only after
 * the insert is acknowledged. Everything runs on the main thread except the once-a-second progress line.
 * <pre>
 *  main:  poll(≤10,000) ─▶ Jackson ─▶ List&lt;NaiveLogRow&gt; ─▶ 100,000 rows or 1 s old? ─▶ client.insert(table, list).get()
 *           ▲                                                                                     │
 *           └──────────────────────────────── consumer.commitSync() ◀── list.clear() ◀────────────┘
 * </pre>
 * The batch is checked only between polls, because {@code commitSync()} commits everything polled so far. The list
 * is cleared before the commit so that a shutdown wake-up landing in {@code commitSync()} cannot insert it twice.
 * <p>
 * <b>Why rows did not land on ClickHouse 18.16, and the fix.</b> client-v2 picks the POJO insert format from the
 * registered {@link TableSchema}: {@code RowBinaryWithDefaults} when {@code hasDefaults()} (any column with a
 * {@code default_type}), else {@code RowBinary}; it writes one value per schema column. {@code getTableSchema} runs
 * {@code DESCRIBE TABLE t FORMAT TSKV}, and with the client's default {@code compress=1} ClickHouse 18.16 answers
 * with an empty body: the schema then has no columns, no defaults, every row serializes to nothing, and the insert
 * "succeeds" with zero rows. Turning server response compression off gives the real eight columns; they have no
 * DEFAULT, so the insert is plain {@code RowBinary}, which 18.16 accepts. A table with DEFAULT columns would make
 * client-v2 send {@code RowBinaryWithDefaults}, which servers before 23.7 reject loudly (code 73).
 */
public final class NaiveIngestor implements AutoCloseable
{
    private static final String USAGE = "usage: NaiveIngestor --bootstrap HOST:PORT --topic T --group G"
        + " --url http://HOST:8123 --table TABLE";
    private static final List<String> OPTIONS = List.of("bootstrap", "topic", "group", "url", "table");
    private static final int BATCH_ROWS = 100_000;
    private static final long BATCH_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<NaiveLogRow> rows = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r ->
    {
        final Thread thread = new Thread(r, "progress");
        thread.setDaemon(true);
        return thread;
    });
    private final String topic;
    private final String table;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Client client;
    private volatile long inserted;
    private volatile int exitCode = 1;
    private long malformed;
    private long batchStartNanos;
    private long reportedRows;
    private long reportedNanos;

    private NaiveIngestor(final Map<String, String> args)
    {
        topic = args.get("topic");
        table = args.get("table");
        final Properties kafka = new Properties();
        kafka.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args.get("bootstrap"));
        kafka.put(ConsumerConfig.GROUP_ID_CONFIG, args.get("group"));
        kafka.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        kafka.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        kafka.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(kafka, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        client = new Client.Builder().addEndpoint(args.get("url")).setUsername("default").setPassword("")
            .compressServerResponse(false)
            .build();
    }

    public static void main(final String[] argv)
    {
        final Map<String, String> args = parse(argv);
        if (args == null)
        {
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        final NaiveIngestor ingestor;
        try
        {
            ingestor = new NaiveIngestor(args);
        }
        catch (final RuntimeException e)
        {
            System.err.println("naive: FAILED: " + e);
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(ingestor::stop, "naive-shutdown"));
        System.exit(ingestor.runAndClose());
    }

    /** Polls, batches and inserts until {@link #stop} wakes the consumer; returns the process exit code. */
    private int runAndClose()
    {
        try
        {
            final TableSchema schema = client.getTableSchema(table);
            if (schema.getColumns().isEmpty())
            {
                throw new IllegalStateException("DESCRIBE TABLE " + table + " returned no columns");
            }
            client.register(NaiveLogRow.class, schema);
            System.err.printf("naive: %s has %d columns, %s: inserting %s%n", table, schema.getColumns().size(),
                schema.hasDefaults() ? "some with DEFAULT" : "none with DEFAULT",
                schema.hasDefaults() ? "RowBinaryWithDefaults" : "RowBinary");
            reportedNanos = System.nanoTime();
            progress.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.SECONDS);
            consumer.subscribe(List.of(topic));
            pollUntilWoken();
            flush();
            System.err.printf("naive: stopped, %,d rows inserted, %,d malformed records skipped%n", inserted, malformed);
            exitCode = 0;
        }
        catch (final Exception e)
        {
            System.err.println("naive: FAILED: " + e);
        }
        finally
        {
            try
            {
                close();
            }
            finally
            {
                finished.countDown();
            }
        }
        return exitCode;
    }

    private void pollUntilWoken() throws InterruptedException, ExecutionException
    {
        try
        {
            while (true)
            {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT))
                {
                    add(record.value());
                }
                if (rows.size() >= BATCH_ROWS || (!rows.isEmpty() && System.nanoTime() - batchStartNanos >= BATCH_AGE_NANOS))
                {
                    flush();
                }
            }
        }
        catch (final WakeupException e)
        {
            System.err.println("naive: stopping, inserting the last " + rows.size() + " rows");
        }
    }

    private void add(final byte[] value)
    {
        try
        {
            if (rows.isEmpty())
            {
                batchStartNanos = System.nanoTime();
            }
            rows.add(mapper.readValue(value, NaiveLogRow.class));
        }
        catch (final IOException | IllegalArgumentException e)
        {
            if (malformed++ == 0)
            {
                System.err.println("naive: skipping malformed record: " + e.getMessage());
            }
        }
    }

    /** Inserts the batch, waits for the acknowledgement, then commits what was polled; a no-op insert when empty. */
    private void flush() throws InterruptedException, ExecutionException
    {
        if (!rows.isEmpty())
        {
            try (InsertResponse response = client.insert(table, rows).get())
            {
                inserted += rows.size();
            }
            rows.clear();
        }
        consumer.commitSync();
    }

    private void report()
    {
        final long now = System.nanoTime();
        final long total = inserted;
        System.err.printf("naive: %,d rows inserted, %,.0f rows/s%n", total, (total - reportedRows) * 1e9 / (now - reportedNanos));
        reportedRows = total;
        reportedNanos = now;
    }

    /**
     * The shutdown hook (SIGTERM, SIGINT or {@code System.exit}): wakes the poll loop and waits for the final flush and
     * commit. A JVM ended by a signal then exits with 143 or 130; it is not halted with 0, as halting would skip the
     * JVM's own exit work such as writing the class-data archive {@code scripts/bench.sh} asks for.
     */
    private void stop()
    {
        if (finished.getCount() > 0)
        {
            consumer.wakeup();
        }
        try
        {
            finished.await(60, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        progress.shutdownNow();
        consumer.close();
        client.close();
    }

    /** The five required {@code --name value} options, or null when one is missing, unknown, repeated or malformed. */
    private static Map<String, String> parse(final String[] argv)
    {
        final Map<String, String> args = new HashMap<>();
        for (int i = 0; i < argv.length; i += 2)
        {
            final String name = argv[i].startsWith("--") ? argv[i].substring(2) : "";
            if (!OPTIONS.contains(name) || i + 1 >= argv.length || argv[i + 1].isBlank() || args.put(name, argv[i + 1]) != null)
            {
                System.err.println("naive: bad argument '" + argv[i] + "'");
                return null;
            }
        }
        for (final String name : OPTIONS)
        {
            if (!args.containsKey(name))
            {
                System.err.println("naive: --" + name + " is required");
                return null;
            }
        }
        if (!isHttpUrl(args.get("url")))
        {
            System.err.println("naive: --url must look like http://127.0.0.1:8123, got '" + args.get("url") + "'");
            return null;
        }
        return args;
    }

    private static boolean isHttpUrl(final String url)
    {
        try
        {
            final URI uri = new URI(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        }
        catch (final URISyntaxException e)
        {
            return false;
        }
    }
}
