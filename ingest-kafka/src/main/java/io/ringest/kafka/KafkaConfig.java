package io.ringest.kafka;

import io.ringest.engine.ConfigException;
import io.ringest.engine.Settings;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where to read from and how. Every {@code kafka.*} key other than the five named below is passed to the
 * consumers as is (SASL/TLS included) and must be one of their settings ({@link KafkaKeys}); security and bootstrap
 * keys also go to the dead-letter producer. The security keys are checked together at construction
 * ({@link KafkaSecurity}); {@link #toString()} masks secrets.
 *
 * @param topics           {@code kafka.topics}, a comma list
 * @param groupId          {@code kafka.group.id}
 * @param pollers          {@code pipeline.pollers}: consumer threads, each with its own {@code KafkaConsumer}
 * @param deadLetterTopic  {@code dlq.topic}; empty means {@code <source topic>.dlq}
 * @param commitIntervalNanos {@code kafka.commit.interval}: how often stored offsets are committed
 * @param revokeWaitNanos  {@code kafka.revoke.wait}: how long a revoked partition waits for its records already in
 *                         the pipeline to be stored before its offsets are handed over
 * @param membership       {@code kafka.instance.id} and the group protocol: static or dynamic members
 * @param clientProperties the {@code kafka.*} keys with the prefix removed
 */
public record KafkaConfig(
    List<String> topics,
    String groupId,
    int pollers,
    String deadLetterTopic,
    long commitIntervalNanos,
    long revokeWaitNanos,
    GroupMembership membership,
    Map<String, String> clientProperties)
{
    public KafkaConfig
    {
        if (topics.isEmpty() || topics.stream().anyMatch(String::isBlank))
        {
            throw new ConfigException("kafka.topics must list at least one topic, got " + topics);
        }
        KafkaKeys.validate(clientProperties);
        if (!clientProperties.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG))
        {
            throw new ConfigException("kafka.bootstrap.servers is required, e.g. 127.0.0.1:9092");
        }
        if ("true".equalsIgnoreCase(clientProperties.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)))
        {
            throw new ConfigException("kafka.enable.auto.commit must be false: ringest commits only stored offsets");
        }
        KafkaSecurity.validate(clientProperties);
        final long rebalanceTimeoutMillis = maxPollIntervalMillis(clientProperties);
        if (revokeWaitNanos >= rebalanceTimeoutMillis * 1_000_000L)
        {
            throw new ConfigException("kafka.revoke.wait must be shorter than kafka.max.poll.interval.ms (" +
                rebalanceTimeoutMillis + " ms), the group's rebalance timeout: a member still waiting then is " +
                "dropped from the group; got " + revokeWaitNanos / 1_000_000 + " ms");
        }
    }

    private static long maxPollIntervalMillis(final Map<String, String> clientProperties)
    {
        final String value = clientProperties.getOrDefault(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "300000");
        try
        {
            return Long.parseLong(value.trim());
        }
        catch (final NumberFormatException e)
        {
            throw new ConfigException("kafka.max.poll.interval.ms must be a whole number of milliseconds, got '" + value + "'");
        }
    }

    public static KafkaConfig from(final Settings s)
    {
        return from(s, Arrays.stream(s.required("kafka.topics").split(",")).map(String::trim).toList());
    }

    /** Reads the {@code kafka.*} keys but {@code kafka.topics}: the routes name their topics. */
    public static KafkaConfig from(final Settings s, final List<String> topics)
    {
        final Map<String, String> kafka = s.withPrefix("kafka.");
        final Map<String, String> client = new HashMap<>(kafka);
        KafkaKeys.OWN.forEach(client::remove);
        final String groupId = s.required("kafka.group.id");
        return new KafkaConfig(
            topics,
            groupId,
            s.integer("pipeline.pollers", 2, 1, 64),
            s.string("dlq.topic", ""),
            s.durationNanos("kafka.commit.interval", 1_000_000_000L, 10_000_000L, 600_000_000_000L),
            s.durationNanos("kafka.revoke.wait", 60_000_000_000L, 0, 3_600_000_000_000L),
            GroupMembership.from(kafka, groupId),
            Map.copyOf(client));
    }

    /** Where and how the clients connect, for the start-up banner, e.g. {@code 127.0.0.1:9094 over SASL_PLAINTEXT (SCRAM-SHA-512)}. */
    public String connection()
    {
        final String protocol = KafkaSecurity.protocol(clientProperties);
        final String mechanism = clientProperties.get(SaslConfigs.SASL_MECHANISM);
        return clientProperties.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG) + " over " + protocol +
            (protocol.startsWith("SASL_") ? " (" + mechanism + ")" : "");
    }

    /** The dead-letter topic for records read from {@code sourceTopic}. */
    public String deadLetterTopic(final String sourceTopic)
    {
        return deadLetterTopic.isEmpty() ? sourceTopic + ".dlq" : deadLetterTopic;
    }

    /**
     * Consumer settings: throughput-minded defaults (measured in benchmarks/), then the user's {@code kafka.*}, then the
     * poller's group membership ({@link GroupMembership}). Offsets are never auto-committed.
     */
    public Map<String, Object> consumerProperties(final int poller)
    {
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "65536");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(2 << 20));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-poller-" + poller);
        // A topic to read that does not exist is reported (KafkaWatch) and waited for, not created with the broker's
        // defaults because of a typo; kafka.allow.auto.create.topics=true lets a broker that allows it create it.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.putAll(clientProperties);
        membership.apply(props, poller);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteBufferDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteBufferDeserializer.class.getName());
        return props;
    }

    /**
     * Settings of the consumer that reads single records back by offset (rows the table refused, to dead-letter their
     * originals): the consumers' connection and security keys, no group, nothing committed.
     */
    public Map<String, Object> readBackProperties()
    {
        final Map<String, Object> props = connectionProperties();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-read-back");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /** Settings of the admin client that watches the cluster ({@link KafkaWatch}): the consumers' connection and security keys. */
    Map<String, Object> adminProperties()
    {
        final Map<String, Object> props = connectionProperties();
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, groupId + "-watch");
        return props;
    }

    /** The user's bootstrap, DNS and security keys, which every client of the cluster needs. */
    private Map<String, Object> connectionProperties()
    {
        final Map<String, Object> props = new HashMap<>();
        clientProperties.forEach((k, v) ->
        {
            if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.") ||
                k.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || k.equals("client.dns.lookup"))
            {
                props.put(k, v);
            }
        });
        return props;
    }

    /** Dead-letter producer settings: durable and idempotent, sharing the consumers' connection and security keys. */
    public Map<String, Object> producerProperties()
    {
        final Map<String, Object> props = connectionProperties();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, groupId + "-dlq");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        // A dead letter is the original record, which may be larger than the producer's 1 MB default allows; the
        // dead-letter topic's max.message.bytes must allow it too.
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(16 << 20));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /** The record's fields with every secret client setting ({@code sasl.jaas.config}, {@code ssl.*password}, ...) masked. */
    @Override
    public String toString()
    {
        return "KafkaConfig[topics=" + topics + ", groupId=" + groupId + ", pollers=" + pollers + ", deadLetterTopic=" +
            deadLetterTopic + ", commitIntervalNanos=" + commitIntervalNanos + ", revokeWaitNanos=" + revokeWaitNanos +
            ", membership=" + membership + ", clientProperties=" + KafkaSecurity.masked(clientProperties) + "]";
    }
}
