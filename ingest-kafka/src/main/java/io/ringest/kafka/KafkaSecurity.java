package io.ringest.kafka;

import io.ringest.engine.ConfigException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The security keys among the Kafka client settings ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}):
 * checked together before any client is built, so a missing or contradictory piece stops start-up with a message
 * naming the {@code kafka.*} key; and masked wherever settings are printed. A key is secret when Kafka declares it
 * a password ({@code sasl.jaas.config}, {@code ssl.*.password}, {@code ssl.keystore.key}, ...) or its name says
 * password, secret or jaas. Stateless.
 */
final class KafkaSecurity
{
    static final String MASK = "****";
    private static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final Map<String, ConfigDef.ConfigKey> CONSUMER_KEYS = ConsumerConfig.configDef().configKeys();
    private static final String JAAS_EXAMPLE = "org.apache.kafka.common.security.scram.ScramLoginModule required "
        + "username=\"USER\" password=\"PASSWORD\";";

    private KafkaSecurity()
    {
    }

    /** Throws a {@link ConfigException} naming the key if the security settings cannot work together. */
    static void validate(final Map<String, String> client)
    {
        final String protocol = protocol(client);
        if (!PROTOCOLS.contains(protocol))
        {
            throw new ConfigException("kafka.security.protocol must be one of " + String.join(", ", PROTOCOLS) +
                ", got '" + client.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG) + "'");
        }
        final boolean sasl = protocol.startsWith("SASL_");
        final boolean tls = protocol.endsWith("SSL");
        for (final String key : new TreeMap<>(client).keySet())
        {
            if (key.startsWith("sasl.") && !sasl)
            {
                throw new ConfigException("kafka." + key + " is set but kafka.security.protocol is " + protocol +
                    ", which does not authenticate with SASL: use SASL_SSL or SASL_PLAINTEXT, or remove the key");
            }
            if (key.startsWith("ssl.") && !tls)
            {
                throw new ConfigException("kafka." + key + " is set but kafka.security.protocol is " + protocol +
                    ", which does not use TLS: use SSL or SASL_SSL, or remove the key");
            }
        }
        requireReadable(client, "ssl.truststore.location");
        requireReadable(client, "ssl.keystore.location");
        if (sasl)
        {
            validateSasl(client, protocol);
        }
    }

    private static void validateSasl(final Map<String, String> client, final String protocol)
    {
        final String mechanism = client.get(SaslConfigs.SASL_MECHANISM);
        if (mechanism == null || mechanism.isBlank())
        {
            throw new ConfigException("kafka.sasl.mechanism is required with kafka.security.protocol=" + protocol +
                ": SCRAM-SHA-512, SCRAM-SHA-256, PLAIN, OAUTHBEARER or GSSAPI");
        }
        final String jaas = client.get(SaslConfigs.SASL_JAAS_CONFIG);
        if (jaas == null || jaas.isBlank())
        {
            if (System.getProperty("java.security.auth.login.config") == null)
            {
                throw new ConfigException("kafka.sasl.jaas.config is required with kafka.sasl.mechanism=" + mechanism +
                    ", e.g. " + JAAS_EXAMPLE);
            }
            return;
        }
        try
        {
            JaasContext.loadClientContext(Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(jaas)));
        }
        catch (final IllegalArgumentException | KafkaException e)
        {
            // Kafka's parse errors name the problem, never an option's value.
            throw new ConfigException("kafka.sasl.jaas.config is not a valid JAAS entry (" + e.getMessage() +
                "), expected e.g. " + JAAS_EXAMPLE);
        }
    }

    private static void requireReadable(final Map<String, String> client, final String key)
    {
        final String file = client.get(key);
        if (file != null && !Files.isReadable(Path.of(file)))
        {
            throw new ConfigException("kafka." + key + " must name a readable file, got '" + file + "'");
        }
    }

    /** {@code security.protocol}, upper case; PLAINTEXT when unset. */
    static String protocol(final Map<String, String> client)
    {
        return client.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT").trim().toUpperCase(Locale.ROOT);
    }

    static boolean isSecret(final String key)
    {
        final ConfigDef.ConfigKey known = CONSUMER_KEYS.get(key);
        if (known != null && known.type == ConfigDef.Type.PASSWORD)
        {
            return true;
        }
        final String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("jaas");
    }

    /** The settings, sorted, with every secret value replaced by {@value #MASK}. */
    static Map<String, String> masked(final Map<String, String> client)
    {
        final Map<String, String> masked = new TreeMap<>();
        client.forEach((k, v) -> masked.put(k, isSecret(k) ? MASK : v));
        return masked;
    }
}
