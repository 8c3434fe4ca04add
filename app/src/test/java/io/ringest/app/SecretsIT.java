package io.ringest.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Passwords stay out of everything ringest prints. Each case runs {@link Main} in a JVM of its own with every library
 * logging at TRACE through Logback ({@code logback-trace.xml}: the app's binding, through which Kafka clients and
 * client-v2 with Apache HttpClient log; the header loggers kept at INFO as config/logback.xml keeps them), a distinctive
 * {@code clickhouse.password} and SASL password, drives it into a failure against the real
 * stack, and searches all it wrote to stdout and stderr for the secrets: as they are, and as the base64 that HTTP basic
 * authentication sends. Each run's output stays in {@code target/secrets-it/} for a look when a case fails.
 */
class SecretsIT
{
    private static final String CH_SECRET = "ChSecret" + UUID.randomUUID().toString().replace("-", "");
    private static final String SASL_SECRET = "SaslSecret" + UUID.randomUUID().toString().replace("-", "");
    private static final AtomicInteger RUNS = new AtomicInteger();

    @TempDir
    Path metrics;

    @Test
    void shouldKeepPasswordsOutWhenClickHouseRefusesThePassword() throws Exception
    {
        final Run run = ringest(LocalStack.saslSettings(SASL_SECRET), "clickhouse.url=" + LocalStack.CLICKHOUSE,
            "clickhouse.password=" + CH_SECRET, "clickhouse.table=ringest_secrets_it");
        assertEquals(1, run.exitCode(), run.tail());
        run.assertSays("refused user 'default': check clickhouse.user and clickhouse.password");
        run.assertSays(" DEBUG ");
        run.assertNoSecrets();
    }

    @Test
    void shouldKeepPasswordsOutWhenClickHouseIsUnreachable() throws Exception
    {
        final Run run = ringest(LocalStack.saslSettings(SASL_SECRET), "clickhouse.url=http://127.0.0.1:" + closedPort(),
            "clickhouse.password=" + CH_SECRET, "clickhouse.table=ringest_secrets_it");
        assertEquals(1, run.exitCode(), run.tail());
        run.assertSays("cannot reach ClickHouse at clickhouse.url=http://127.0.0.1:");
        run.assertSays(" DEBUG ");
        run.assertNoSecrets();
    }

    /** ClickHouse lets ringest in (its one-row system table), so the pipeline starts and the Kafka clients log in. */
    @Test
    void shouldKeepPasswordsOutWhenKafkaRefusesThePassword() throws Exception
    {
        final Run run = ringest(LocalStack.saslSettings(SASL_SECRET), "clickhouse.url=" + LocalStack.CLICKHOUSE,
            "clickhouse.database=system", "clickhouse.table=one");
        assertEquals(1, run.exitCode(), run.tail());
        run.assertSays(" failed: org.apache.kafka.common.errors.SaslAuthenticationException: "
            + "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512");
        run.assertSays(" TRACE ");
        run.assertNoSecrets();
    }

    @Test
    void shouldNameTheKeyButNotTheValueWhenConfigurationIsWrong() throws Exception
    {
        final List<String> noMechanism = new ArrayList<>(LocalStack.saslSettings(SASL_SECRET));
        noMechanism.remove("kafka.sasl.mechanism=SCRAM-SHA-512");
        final Run missing = ringest(noMechanism, "clickhouse.table=t", "clickhouse.password=" + CH_SECRET);
        assertEquals(2, missing.exitCode(), missing.tail());
        missing.assertSays("ringest: ERROR kafka.sasl.mechanism is required with kafka.security.protocol=SASL_PLAINTEXT");
        missing.assertNoSecrets();

        final Run plain = ringest(List.of("kafka.bootstrap.servers=" + LocalStack.BOOTSTRAP,
            "kafka.ssl.truststore.password=" + SASL_SECRET), "clickhouse.table=t");
        assertEquals(2, plain.exitCode(), plain.tail());
        plain.assertSays("ringest: ERROR kafka.ssl.truststore.password is set but kafka.security.protocol is PLAINTEXT");
        plain.assertNoSecrets();

        final Run url = ringest(LocalStack.saslSettings(SASL_SECRET), "clickhouse.table=t",
            "clickhouse.url=http://default:" + CH_SECRET + "@127.0.0.1:8123");
        assertEquals(2, url.exitCode(), url.tail());
        url.assertSays("ringest: ERROR clickhouse.url must not carry credentials");
        url.assertNoSecrets();
    }

    /** Runs ringest's {@link Main} with {@code kafka} settings and {@code others}, logging at TRACE; waits for its exit. */
    private Run ringest(final List<String> kafka, final String... others) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-Dlogback.configurationFile=logback-trace.xml", "-cp", System.getProperty("java.class.path"),
            Main.class.getName()));
        command.addAll(kafka);
        command.addAll(List.of("kafka.topics=ringest_secrets_it", "kafka.group.id=ringest_secrets_it",
            "pipeline.ring.size=1024", "pipeline.batch.bytes=1MiB", "metrics.dir=" + metrics));
        command.addAll(List.of(others));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            fail("ringest did not exit within 120 s");
        }
        final Path log = Files.createDirectories(Path.of("target", "secrets-it")).resolve("run-" + RUNS.incrementAndGet() + ".log");
        Files.write(log, output);
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8), log);
    }

    private static int closedPort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    /** What one run printed, and the checks on it. */
    private record Run(int exitCode, String output, Path log)
    {
        void assertSays(final String expected)
        {
            assertTrue(output.contains(expected), "expected '" + expected + "' in " + log + ", which ends: " + tail());
        }

        /** Neither password appears, nor the base64 of {@code default:password} (basic authentication's header). */
        void assertNoSecrets()
        {
            final Base64.Encoder base64 = Base64.getEncoder();
            final List<String> secrets = List.of(CH_SECRET, SASL_SECRET,
                base64.encodeToString(("default:" + CH_SECRET).getBytes(StandardCharsets.UTF_8)),
                base64.encodeToString(CH_SECRET.getBytes(StandardCharsets.UTF_8)),
                base64.encodeToString(SASL_SECRET.getBytes(StandardCharsets.UTF_8)));
            final String leaks = output.lines()
                .filter(line -> secrets.stream().anyMatch(line::contains))
                .limit(5)
                .collect(Collectors.joining("\n"));
            assertTrue(leaks.isEmpty(), "a secret was printed, see " + log + ":\n" + leaks);
        }

        String tail()
        {
            final List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        }
    }
}
