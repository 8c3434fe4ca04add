package io.ringest.app;

import io.ringest.engine.Settings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsInForceTest
{
    private static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" "
        + "password=\"s3cr3t-jaas\";";

    @Test
    void shouldMaskEverySecretAndKeepTheRest()
    {
        final SettingsInForce settings = new SettingsInForce(Map.of(
            "clickhouse.password", "s3cr3t-ch",
            "kafka.sasl.jaas.config", JAAS,
            "kafka.ssl.truststore.password", "s3cr3t-ts",
            "kafka.ssl.keystore.key", "-----BEGIN PRIVATE KEY-----",
            "kafka.sasl.oauthbearer.client.secret", "s3cr3t-oauth",
            "kafka.sasl.login.token", "s3cr3t-token",
            "clickhouse.user", "default",
            "kafka.topics", "logs",
            "clickhouse.password.empty", ""));
        final Map<String, String> masked = settings.masked();
        assertEquals("default", masked.get("clickhouse.user"));
        assertEquals("logs", masked.get("kafka.topics"));
        assertEquals("", masked.get("clickhouse.password.empty"), "an empty secret shows that none is set");
        for (final String key : List.of("clickhouse.password", "kafka.sasl.jaas.config", "kafka.ssl.truststore.password",
            "kafka.ssl.keystore.key", "kafka.sasl.oauthbearer.client.secret", "kafka.sasl.login.token"))
        {
            assertEquals(SettingsInForce.MASK, masked.get(key), key);
        }
        assertFalse(settings.logBlock().contains("s3cr3t"), settings.logBlock());
        assertFalse(settings.logBlock().contains("PRIVATE KEY"), settings.logBlock());
    }

    @Test
    void shouldListEverySettingOfARealConfigurationWithItsDefaults()
    {
        final RingestConfig config = RingestConfig.from(Settings.load(null, List.of(
            "kafka.bootstrap.servers=127.0.0.1:1", "kafka.topics=t", "kafka.group.id=g", "clickhouse.table=t",
            "clickhouse.password=s3cr3t", "kafka.sasl.mechanism=PLAIN", "kafka.security.protocol=SASL_PLAINTEXT",
            "kafka.sasl.jaas.config=" + JAAS, "metrics.http.port=")));
        final Map<String, String> masked = config.settings().masked();
        assertEquals("16384", masked.get("pipeline.ring.size"), "a default");
        assertEquals("500ms", masked.get("pipeline.linger"));
        assertEquals("32MiB", masked.get("pipeline.batch.bytes"));
        assertEquals("127.0.0.1:1", masked.get("kafka.bootstrap.servers"));
        assertEquals("ms", masked.get("encode.epoch.unit"));
        assertEquals("UTC", masked.get("encode.timezone"));
        assertEquals("false", masked.get("clickhouse.compression"));
        assertEquals("false", masked.get("encode.lenient.quoted.numbers"));
        assertEquals("", masked.get("metrics.http.port"), "empty: no HTTP server");
        assertEquals(SettingsInForce.MASK, masked.get("clickhouse.password"));
        assertEquals(SettingsInForce.MASK, masked.get("kafka.sasl.jaas.config"));
        final String block = config.settings().logBlock();
        assertFalse(block.contains("s3cr3t"), block);
        assertTrue(block.startsWith("settings in force (" + masked.size() + ", defaults included, secrets masked):\n"), block);
        assertEquals(masked.size() + 1, block.split("\n").length);
    }
}
