package io.ringest.app;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The real broker and server that {@code scripts/stack.sh} runs, as integration tests reach them:
 * {@code RINGEST_KAFKA_BOOTSTRAP}, {@code RINGEST_KAFKA_SASL_BOOTSTRAP} (the SASL_PLAINTEXT listener with
 * SCRAM-SHA-512), {@code RINGEST_KAFKA_SASL_PASSWORD_FILE} (the password of its user {@value #SASL_USER}) and
 * {@code RINGEST_CLICKHOUSE_URL} (system property or environment, else the stack's defaults).
 * ClickHouse is queried over plain HTTP so the checks do not go through the client under test.
 */
final class LocalStack
{
    static final String BOOTSTRAP = setting("RINGEST_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    static final String SASL_BOOTSTRAP = setting("RINGEST_KAFKA_SASL_BOOTSTRAP", "127.0.0.1:9094");
    static final String SASL_PASSWORD_FILE = setting("RINGEST_KAFKA_SASL_PASSWORD_FILE", "../.stack/kafka/sasl.password");
    static final String SASL_USER = "ringest";
    static final String CLICKHOUSE = setting("RINGEST_CLICKHOUSE_URL", "http://127.0.0.1:8123");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LocalStack()
    {
    }

    private static String setting(final String name, final String fallback)
    {
        final String property = System.getProperty(name);
        if (property != null && !property.isBlank())
        {
            return property;
        }
        final String env = System.getenv(name);
        return env != null && !env.isBlank() ? env : fallback;
    }

    /** The SCRAM password of {@value #SASL_USER}; fails, saying how to get one, when the stack has not written it. */
    static String saslPassword() throws IOException
    {
        final Path file = Path.of(SASL_PASSWORD_FILE).toAbsolutePath().normalize();
        if (!Files.isReadable(file))
        {
            throw new AssertionError("no SASL password file at " + file + ": scripts/stack.sh start writes it (a broker "
                + "started before the SASL listener existed needs a restart), or set RINGEST_KAFKA_SASL_PASSWORD_FILE");
        }
        return Files.readString(file).trim();
    }

    /**
     * ringest settings for the SASL listener: SCRAM-SHA-512 as {@value #SASL_USER} with {@code password}. Fails at once
     * when nothing listens there, rather than letting a client retry until its timeout.
     */
    static List<String> saslSettings(final String password)
    {
        final int colon = SASL_BOOTSTRAP.lastIndexOf(':');
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress(SASL_BOOTSTRAP.substring(0, colon),
                Integer.parseInt(SASL_BOOTSTRAP.substring(colon + 1))), 5_000);
        }
        catch (final IOException e)
        {
            throw new AssertionError("nothing listens on " + SASL_BOOTSTRAP + ", the broker's SASL listener: "
                + "scripts/stack.sh start opens it (a broker started before it existed needs a restart), "
                + "or set RINGEST_KAFKA_SASL_BOOTSTRAP", e);
        }
        return List.of(
            "kafka.bootstrap.servers=" + SASL_BOOTSTRAP,
            "kafka.security.protocol=SASL_PLAINTEXT",
            "kafka.sasl.mechanism=SCRAM-SHA-512",
            "kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + SASL_USER + "\" password=\"" + password + "\";");
    }

    /** Runs one statement; returns the body (TabSeparated unless the SQL says otherwise). */
    static String sql(final String statement) throws IOException, InterruptedException
    {
        final HttpResponse<String> response = HTTP.send(
            HttpRequest.newBuilder(URI.create(CLICKHOUSE + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(statement, StandardCharsets.UTF_8)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200)
        {
            throw new IOException("ClickHouse answered " + response.statusCode() + " to " + statement + ": " + response.body());
        }
        return response.body();
    }

    /** Runs a query and returns its answer's bytes, e.g. {@code FORMAT RowBinary}. */
    static byte[] sqlBytes(final String statement) throws IOException, InterruptedException
    {
        final HttpResponse<byte[]> response = HTTP.send(
            HttpRequest.newBuilder(URI.create(CLICKHOUSE + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(statement, StandardCharsets.UTF_8)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200)
        {
            throw new IOException("ClickHouse answered " + response.statusCode() + " to " + statement + ": "
                + new String(response.body(), StandardCharsets.UTF_8));
        }
        return response.body();
    }

    static long count(final String table) throws IOException, InterruptedException
    {
        return Long.parseLong(sql("SELECT count() FROM " + table).trim());
    }

    static Admin admin()
    {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP));
    }

    static void createTopic(final String topic, final int partitions) throws ExecutionException, InterruptedException
    {
        try (Admin admin = admin())
        {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short)1))).all().get();
            // Producing before every partition has a leader has made the idempotent test producer fail batches.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!led(admin, topic))
            {
                if (System.nanoTime() > deadline)
                {
                    throw new AssertionError("topic " + topic + " has partitions without a leader after 30 s");
                }
                Thread.sleep(100);
            }
        }
    }

    /** Whether every partition of {@code topic} has a leader; false while the broker does not know the topic yet. */
    private static boolean led(final Admin admin, final String topic) throws ExecutionException, InterruptedException
    {
        try
        {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .noneMatch(p -> p.leader() == null || p.leader().isEmpty());
        }
        catch (final ExecutionException e)
        {
            // Seen right after a topic of a name just deleted is created again, or just created while another is deleted.
            if (e.getCause() instanceof UnknownTopicOrPartitionException)
            {
                return false;
            }
            throw e;
        }
    }

    /**
     * Produces {@code values[i]} with {@code keys[i]} to {@code topic} and returns where each landed, as
     * {@code "partition:offset"}. A record the producer gives up on (seen here once: the broker's
     * OutOfOrderSequenceException on a topic just created, after which the idempotent producer's batches expired) is
     * sent again by a fresh producer, and a test that still cannot produce fails here with the cause instead of waiting
     * for rows that were never in Kafka.
     */
    static String[] produce(final String topic, final List<byte[]> keys, final List<byte[]> values)
        throws InterruptedException
    {
        return produce(IntStream.range(0, values.size())
            .mapToObj(i -> new ProducerRecord<>(topic, keys.get(i), values.get(i))).toList());
    }

    /** Produces {@code records} (headers and all), as {@link #produce(String, List, List)} does; returns where each landed. */
    static String[] produce(final List<ProducerRecord<byte[], byte[]>> records) throws InterruptedException
    {
        final String[] landed = new String[records.size()];
        List<Integer> pending = IntStream.range(0, records.size()).boxed().toList();
        for (int attempt = 1; !pending.isEmpty(); attempt++)
        {
            final Map<Integer, Exception> failed = new ConcurrentHashMap<>();
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ProducerConfig.LINGER_MS_CONFIG, "10",
                ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024),
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "40000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName())))
            {
                for (final int i : pending)
                {
                    producer.send(records.get(i), (metadata, error) ->
                    {
                        if (error != null)
                        {
                            failed.put(i, error);
                        }
                        else
                        {
                            landed[i] = metadata.partition() + ":" + metadata.offset();
                        }
                    });
                }
                producer.flush();
            }
            if (!failed.isEmpty() && attempt == 3)
            {
                throw new AssertionError("could not produce " + failed.size() + " test records to " + records.get(0).topic() + ", e.g. "
                    + failed.values().iterator().next());
            }
            pending = failed.keySet().stream().sorted().toList();
        }
        return landed;
    }

    /** Reads {@code topic} from the beginning until {@code expected} records came, or 30 s passed. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(final String topic, final long expected)
    {
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())))
        {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline)
            {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                if (records.size() >= expected)
                {
                    consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                    break;
                }
            }
        }
        return records;
    }

    /** A header's value as UTF-8 text, empty if the record has none. */
    static String header(final ConsumerRecord<byte[], byte[]> record, final String key)
    {
        final Header header = record.headers().lastHeader(key);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    static void waitFor(final BooleanSupplier condition, final int seconds) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("not reached within " + seconds + " s");
            }
            Thread.sleep(250);
        }
    }

    /** End offset of every partition of {@code topic}. */
    static Map<TopicPartition, Long> endOffsets(final String topic, final int partitions) throws Exception
    {
        try (Admin admin = admin())
        {
            final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++)
            {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    /** Offsets the group has committed, per partition. */
    /** Whether {@code group} committed every partition of {@code topic} to its end; unchecked, for {@link #waitFor}. */
    static boolean committedToEnd(final String topic, final int partitions, final String group)
    {
        try
        {
            return endOffsets(topic, partitions).equals(committed(group));
        }
        catch (final Exception e)
        {
            throw new AssertionError(e);
        }
    }

    /** {@link #count}, unchecked, for {@link #waitFor}. */
    static long rows(final String table)
    {
        try
        {
            return count(table);
        }
        catch (final Exception e)
        {
            throw new AssertionError(e);
        }
    }

    static Map<TopicPartition, Long> committed(final String group) throws Exception
    {
        try (Admin admin = admin())
        {
            final Map<TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }
}
