package io.ringest.kafka;

import io.ringest.engine.ConfigException;
import io.ringest.engine.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaConfigTest
{
    private static final String SECRET = "Sasl-Pw-7f3k";
    private static final String JAAS =
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"ringest\" password=\"" + SECRET + "\";";

    @TempDir
    Path dir;

    @Test
    void shouldPassSecurityKeysToConsumersAndTheDeadLetterProducer() throws IOException
    {
        final String trustStore = Files.writeString(dir.resolve("trust.p12"), "x").toString();
        final KafkaConfig config = KafkaConfig.from(settings(
            "kafka.security.protocol", "SASL_SSL",
            "kafka.sasl.mechanism", "SCRAM-SHA-512",
            "kafka.sasl.jaas.config", JAAS,
            "kafka.ssl.truststore.location", trustStore,
            "kafka.ssl.truststore.password", "Trust-Pw-9q",
            "kafka.max.poll.records", "777"));

        final Map<String, Object> consumer = config.consumerProperties(0);
        final Map<String, Object> producer = config.producerProperties();
        for (final Map<String, Object> props : List.of(consumer, producer, config.adminProperties()))
        {
            assertEquals("SASL_SSL", props.get("security.protocol"));
            assertEquals("SCRAM-SHA-512", props.get("sasl.mechanism"));
            assertEquals(JAAS, props.get("sasl.jaas.config"));
            assertEquals(trustStore, props.get("ssl.truststore.location"));
            assertEquals("Trust-Pw-9q", props.get("ssl.truststore.password"));
            assertEquals("127.0.0.1:9094", props.get("bootstrap.servers"));
        }
        assertEquals("777", consumer.get("max.poll.records"));
        assertNull(producer.get("max.poll.records"));
        assertEquals("127.0.0.1:9094 over SASL_SSL (SCRAM-SHA-512)", config.connection());
    }

    @Test
    void shouldNotCreateTopicsItReadsUnlessTold()
    {
        assertEquals("false", KafkaConfig.from(settings()).consumerProperties(0).get("allow.auto.create.topics"));
        assertEquals("true", KafkaConfig.from(settings("kafka.allow.auto.create.topics", "true"))
            .consumerProperties(1).get("allow.auto.create.topics"));
    }

    @Test
    void shouldMaskEverySecretInToString()
    {
        final KafkaConfig config = KafkaConfig.from(settings(
            "kafka.security.protocol", "SASL_PLAINTEXT",
            "kafka.sasl.mechanism", "SCRAM-SHA-512",
            "kafka.sasl.jaas.config", JAAS,
            "kafka.sasl.oauthbearer.client.credentials.client.secret", "Oauth-Secret-2x",
            "kafka.max.poll.records", "777"));

        final String printed = config.toString();
        assertFalse(printed.contains(SECRET), printed);
        assertFalse(printed.contains("Oauth-Secret-2x"), printed);
        assertTrue(printed.contains("sasl.jaas.config=****"), printed);
        assertTrue(printed.contains("sasl.mechanism=SCRAM-SHA-512"), printed);
        assertTrue(printed.contains("max.poll.records=777"), printed);
        for (final String key : List.of("ssl.key.password", "ssl.keystore.password", "ssl.truststore.password",
            "ssl.keystore.key", "ssl.keystore.certificate.chain", "ssl.truststore.certificates", "sasl.jaas.config",
            "basic.auth.user.password", "some.client.secret"))
        {
            assertTrue(KafkaSecurity.isSecret(key), key);
        }
        assertFalse(KafkaSecurity.isSecret("sasl.mechanism"));
        assertFalse(KafkaSecurity.isSecret("ssl.truststore.location"));
    }

    @Test
    void shouldStopAtAMissingOrContradictoryPieceNamingTheKey()
    {
        assertRefused("kafka.sasl.jaas.config is required with kafka.sasl.mechanism=SCRAM-SHA-512",
            "kafka.security.protocol", "SASL_PLAINTEXT", "kafka.sasl.mechanism", "SCRAM-SHA-512");
        assertRefused("kafka.sasl.mechanism is required with kafka.security.protocol=SASL_SSL",
            "kafka.security.protocol", "SASL_SSL", "kafka.sasl.jaas.config", JAAS);
        assertRefused("kafka.security.protocol must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL, got 'SASL'",
            "kafka.security.protocol", "SASL");
        assertRefused("kafka.sasl.jaas.config is set but kafka.security.protocol is PLAINTEXT",
            "kafka.sasl.jaas.config", JAAS);
        assertRefused("kafka.sasl.mechanism is set but kafka.security.protocol is PLAINTEXT",
            "kafka.sasl.mechanism", "SCRAM-SHA-512");
        assertRefused("kafka.ssl.truststore.password is set but kafka.security.protocol is SASL_PLAINTEXT",
            "kafka.security.protocol", "SASL_PLAINTEXT", "kafka.sasl.mechanism", "SCRAM-SHA-512",
            "kafka.sasl.jaas.config", JAAS, "kafka.ssl.truststore.password", SECRET);
        assertRefused("kafka.ssl.truststore.location must name a readable file, got '/no/such/trust.p12'",
            "kafka.security.protocol", "SSL", "kafka.ssl.truststore.location", "/no/such/trust.p12");
        assertRefused("kafka.sasl.jaas.config is not a valid JAAS entry (JAAS config entry not terminated by semi-colon)",
            "kafka.security.protocol", "SASL_PLAINTEXT", "kafka.sasl.mechanism", "SCRAM-SHA-512",
            "kafka.sasl.jaas.config", JAAS.substring(0, JAAS.length() - 1));
        assertRefused("kafka.sasl.jaas.config is not a valid JAAS entry (Value not specified for key 'password' in JAAS config)",
            "kafka.security.protocol", "SASL_PLAINTEXT", "kafka.sasl.mechanism", "SCRAM-SHA-512",
            "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=;");
    }

    @Test
    void shouldAcceptSaslWithTheProtocolInAnyCase()
    {
        final KafkaConfig config = KafkaConfig.from(settings(
            "kafka.security.protocol", "sasl_plaintext", "kafka.sasl.mechanism", "SCRAM-SHA-512", "kafka.sasl.jaas.config", JAAS));
        assertEquals("127.0.0.1:9094 over SASL_PLAINTEXT (SCRAM-SHA-512)", config.connection());
    }

    @Test
    void shouldKeepTheRevokeWaitShorterThanTheRebalanceTimeout()
    {
        assertEquals(60_000_000_000L, KafkaConfig.from(settings()).revokeWaitNanos());
        assertEquals(240_000_000_000L, KafkaConfig.from(settings("kafka.revoke.wait", "4m")).revokeWaitNanos());
        assertRefused("kafka.revoke.wait must be shorter than kafka.max.poll.interval.ms (300000 ms)",
            "kafka.revoke.wait", "5m");
        assertRefused("kafka.revoke.wait must be shorter than kafka.max.poll.interval.ms (30000 ms)",
            "kafka.max.poll.interval.ms", "30000");
        assertEquals(29_000_000_000L, KafkaConfig.from(settings(
            "kafka.max.poll.interval.ms", "30000", "kafka.revoke.wait", "29s")).revokeWaitNanos());
        assertRefused("kafka.max.poll.interval.ms must be a whole number of milliseconds, got '5 minutes'",
            "kafka.max.poll.interval.ms", "5 minutes");
    }

    @Test
    void shouldRefuseAKeyTheKafkaConsumerDoesNotKnowNamingTheNearest()
    {
        assertRefused("unknown setting 'kafka.max.pol.interval.ms'; did you mean 'kafka.max.poll.interval.ms'?",
            "kafka.max.pol.interval.ms", "30000");
        assertRefused("unknown setting 'kafka.ssl.truststore.locaton'; did you mean 'kafka.ssl.truststore.location'?",
            "kafka.security.protocol", "SSL", "kafka.ssl.truststore.locaton", "/etc/trust.p12");
        assertRefused("unknown setting 'kafka.acks'; valid kafka.* keys: kafka.topics, kafka.group.id, "
            + "kafka.commit.interval, kafka.revoke.wait, kafka.instance.id and kafka.<name> for the Kafka consumer's settings", "kafka.acks", "all");
        assertEquals("400000", KafkaConfig.from(settings("kafka.max.poll.interval.ms", "400000"))
            .consumerProperties(0).get("max.poll.interval.ms"));
    }

    private static void assertRefused(final String expectedStart, final String... keyValues)
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> KafkaConfig.from(settings(keyValues)));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    private static Settings settings(final String... keyValues)
    {
        final Map<String, String> values = new HashMap<>(Map.of(
            "kafka.bootstrap.servers", "127.0.0.1:9094", "kafka.topics", "logs", "kafka.group.id", "g"));
        for (int i = 0; i < keyValues.length; i += 2)
        {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new Settings(values);
    }
}
