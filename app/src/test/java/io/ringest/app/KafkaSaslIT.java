package io.ringest.app;

import io.ringest.engine.DeadLetter;
import io.ringest.engine.Settings;
import io.ringest.kafka.KafkaConfig;
import io.ringest.kafka.KafkaDeadLetterSink;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker's SASL_PLAINTEXT listener with SCRAM-SHA-512 ({@link LocalStack#SASL_BOOTSTRAP}), reached through ringest
 * settings only: the dead-letter producer and a poller's consumer, both built from {@link KafkaConfig}, write and read
 * records with the right password, and fail with an authentication error that does not quote the wrong one.
 */
class KafkaSaslIT
{
    private static final int RECORDS = 100;

    private final String topic = "sasl_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Test
    void shouldWriteAndReadRecordsWithScramCredentials() throws Exception
    {
        final KafkaConfig config = config(LocalStack.saslPassword());
        final List<String> log = new CopyOnWriteArrayList<>();
        final List<DeadLetter> letters = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++)
        {
            letters.add(new DeadLetter(topic, 0, i, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), "test " + i));
        }
        try (KafkaDeadLetterSink sink = new KafkaDeadLetterSink(config, log::add))
        {
            assertTrue(sink.send(letters), "the dead-letter producer could not write over SASL: " + log);
        }

        final List<String> values = new ArrayList<>();
        try (KafkaConsumer<ByteBuffer, ByteBuffer> consumer = new KafkaConsumer<>(config.consumerProperties(0)))
        {
            consumer.subscribe(List.of(config.deadLetterTopic(topic)));
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.size() < RECORDS && System.nanoTime() < deadline)
            {
                for (final ConsumerRecord<ByteBuffer, ByteBuffer> record : consumer.poll(Duration.ofMillis(200)))
                {
                    values.add(StandardCharsets.UTF_8.decode(record.value()) + " at " +
                        new String(record.headers().lastHeader("ringest.source.offset").value(), StandardCharsets.UTF_8));
                }
            }
            consumer.commitSync();
        }
        assertEquals(RECORDS, values.size(), "records read back over SASL");
        for (int i = 0; i < RECORDS; i++)
        {
            assertEquals("{\"n\":" + i + "} at " + i, values.get(i));
        }
    }

    @Test
    void shouldFailWithAnAuthenticationErrorThatDoesNotQuoteThePassword() throws Exception
    {
        final String wrong = "Wrong-" + UUID.randomUUID();
        final String right = LocalStack.saslPassword();
        final KafkaConfig config = config(wrong);

        try (KafkaConsumer<ByteBuffer, ByteBuffer> consumer = new KafkaConsumer<>(config.consumerProperties(0)))
        {
            consumer.subscribe(List.of(topic));
            final SaslAuthenticationException e = assertThrows(SaslAuthenticationException.class, () ->
            {
                final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline)
                {
                    consumer.poll(Duration.ofMillis(200));
                }
            });
            assertTrue(e.getMessage().contains("Authentication failed"), e.getMessage());
            assertTrue(e.getMessage().contains("SCRAM-SHA-512"), e.getMessage());
            for (Throwable t = e; t != null; t = t.getCause())
            {
                assertFalse(String.valueOf(t.getMessage()).contains(wrong), "the wrong password leaked: " + t);
                assertFalse(String.valueOf(t.getMessage()).contains(right), "the right password leaked: " + t);
            }
        }

        final List<String> log = new CopyOnWriteArrayList<>();
        try (KafkaDeadLetterSink sink = new KafkaDeadLetterSink(config, log::add))
        {
            assertFalse(sink.send(List.of(new DeadLetter(topic, 0, 0, new byte[] {'{', '}'}, "test"))));
        }
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("SaslAuthenticationException: Authentication failed"), log.get(0));
        assertFalse(log.get(0).contains(wrong), log.get(0));
    }

    private KafkaConfig config(final String password)
    {
        final List<String> settings = new ArrayList<>(LocalStack.saslSettings(password));
        settings.add("kafka.topics=" + topic);
        settings.add("kafka.group.id=" + topic);
        return KafkaConfig.from(Settings.load(null, settings));
    }
}
