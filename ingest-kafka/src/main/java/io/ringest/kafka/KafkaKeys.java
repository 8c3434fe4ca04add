package io.ringest.kafka;

import io.ringest.engine.UnknownKey;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The valid {@code kafka.*} keys: ringest's own five, and the Kafka consumer's settings, which every other
 * {@code kafka.*} key is passed to (the producer and the read-back consumer get a subset). A name the consumer does
 * not declare would only be logged and ignored by it, so it stops start-up instead. Stateless.
 */
final class KafkaKeys
{
    /** The {@code kafka.*} keys that {@link KafkaConfig} reads itself and never passes to a client. */
    static final List<String> OWN = List.of("topics", "group.id", "commit.interval", "revoke.wait", "instance.id");
    private static final Set<String> VALID = valid();

    private KafkaKeys()
    {
    }

    /** Throws a {@code ConfigException} naming the first client key the consumer does not know and the nearest valid one. */
    static void validate(final Map<String, String> client)
    {
        for (final String key : new TreeSet<>(client.keySet()))
        {
            if (!ConsumerConfig.configNames().contains(key))
            {
                throw UnknownKey.error("kafka." + key, VALID, "valid kafka.* keys: kafka." + String.join(", kafka.", OWN) +
                    " and kafka.<name> for the Kafka consumer's settings, e.g. kafka.max.poll.records");
            }
        }
    }

    private static Set<String> valid()
    {
        final Set<String> valid = new TreeSet<>();
        OWN.forEach(key -> valid.add("kafka." + key));
        ConsumerConfig.configNames().forEach(key -> valid.add("kafka." + key));
        return valid;
    }
}
