package io.ringest.app;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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
            while (admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .anyMatch(p -> p.leader() == null || p.leader().isEmpty()))
            {
                if (System.nanoTime() > deadline)
                {
                    throw new AssertionError("topic " + topic + " has partitions without a leader after 30 s");
                }
                Thread.sleep(100);
            }
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
