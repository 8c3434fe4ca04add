package io.ringest.app;

import io.ringest.engine.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingestConfigTest
{
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SHIPPED = ROOT.resolve("config").resolve("ringest.properties");
    private static final Pattern SCRIPT_SETTING =
        Pattern.compile("\\b((?:pipeline|kafka|clickhouse|dlq|metrics|mapping|encode)\\.[A-Za-z0-9_.]+)=([^\"\\s),;]*)");

    @TempDir
    Path dir;

    @Test
    void shouldAcceptEveryKeyOfTheShippedConfigFiles() throws IOException
    {
        final List<Path> files;
        try (Stream<Path> listed = Files.list(ROOT.resolve("config")))
        {
            files = listed.filter(f -> f.toString().endsWith(".properties")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no config/*.properties under " + ROOT);
        for (final Path file : files)
        {
            RingestConfig.fromArgs(new String[] {"--config", file.toString()});
        }
    }

    /** Each {@code key=value} the scripts pass; a value made of shell variables is replaced by the shipped one. */
    @Test
    void shouldAcceptEveryKeyTheScriptsPass() throws IOException
    {
        final Map<String, String> shipped = properties(SHIPPED);
        final Map<String, String> passed = new TreeMap<>();
        try (Stream<Path> scripts = Files.walk(ROOT.resolve("scripts")))
        {
            for (final Path script : scripts.filter(f -> f.toString().endsWith(".sh")).toList())
            {
                final Matcher m = SCRIPT_SETTING.matcher(Files.readString(script));
                while (m.find())
                {
                    passed.put(m.group(1), m.group(2).contains("$") ? shipped.get(m.group(1)) : m.group(2));
                }
            }
        }
        assertFalse(passed.isEmpty(), "no key=value found in scripts/");
        // Each on its own over the shipped file: some are alternatives (kafka.group.protocol=consumer refuses the
        // session timeout the chaos runs set otherwise).
        passed.forEach((key, value) -> RingestConfig.fromArgs(new String[] {"--config", SHIPPED.toString(), key + "=" + value}));
    }

    /** The keys IngestIT, SecretsIT and KafkaSaslIT pass beyond the shipped file. */
    @Test
    void shouldAcceptTheKeysTheIntegrationTestsPass()
    {
        RingestConfig.fromArgs(new String[] {"--config", SHIPPED.toString(),
            "mapping.user_id=userId", "pipeline.batch.rows=20000", "pipeline.linger=100ms", "pipeline.pollers=1",
            "kafka.heartbeat.interval.ms=500", "pipeline.ring.size=1024", "pipeline.batch.bytes=1MiB",
            "clickhouse.database=system", "clickhouse.table=one", "clickhouse.password=x",
            "kafka.security.protocol=SASL_PLAINTEXT", "kafka.sasl.mechanism=SCRAM-SHA-512",
            "kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"u\" password=\"p\";"});
    }

    @Test
    void shouldStopAtAMisspelledPipelineKeyNamingTheNearest()
    {
        assertRefused("unknown setting 'pipeline.batch.row'; did you mean 'pipeline.batch.rows'?", "pipeline.batch.row=500");
        assertRefused("unknown setting 'pipeline.colour'; valid pipeline.* keys: pipeline.batch.bytes, ", "pipeline.colour=red");
        assertRefused("unknown setting 'colour'; valid keys start with clickhouse., dlq., encode., kafka., mapping., "
            + "metrics., pipeline.", "colour=red");
    }

    @Test
    void shouldStopAtAMisspelledKafkaClientKeyNamingTheNearest()
    {
        assertRefused("unknown setting 'kafka.max.pol.interval.ms'; did you mean 'kafka.max.poll.interval.ms'?",
            "kafka.max.pol.interval.ms=30000");
        RingestConfig.fromArgs(new String[] {"--config", SHIPPED.toString(), "kafka.max.poll.interval.ms=400000"});
    }

    @Test
    void shouldStopAtAMisspelledClickHouseOrColumnKeyNamingTheNearest()
    {
        assertRefused("unknown setting 'clickhouse.insert.timeot'; did you mean 'clickhouse.insert.timeout'?",
            "clickhouse.insert.timeot=5s");
        assertRefused("unknown setting 'clickhouse.compresion'; did you mean 'clickhouse.compression'?",
            "clickhouse.compresion=true");
        assertRefused("unknown setting 'encode.requird'; did you mean 'encode.required'?", "encode.requird=message");
    }

    @Test
    void shouldCheckTheFileAsWellAsTheCommandLine() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("typo.properties"),
            Files.readString(SHIPPED) + "\nmetrics.intervall=5s\n");
        final ConfigException e = assertThrows(ConfigException.class,
            () -> RingestConfig.fromArgs(new String[] {"--config", file.toString()}));
        assertEquals("unknown setting 'metrics.intervall'; did you mean 'metrics.interval'?", e.getMessage());
    }

    private static void assertRefused(final String expectedStart, final String override)
    {
        final ConfigException e = assertThrows(ConfigException.class,
            () -> RingestConfig.fromArgs(new String[] {"--config", SHIPPED.toString(), override}));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }

    private static Map<String, String> properties(final Path file) throws IOException
    {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file))
        {
            properties.load(reader);
        }
        final Map<String, String> values = new TreeMap<>();
        properties.forEach((k, v) -> values.put(k.toString().trim(), v.toString().trim()));
        return values;
    }
}
