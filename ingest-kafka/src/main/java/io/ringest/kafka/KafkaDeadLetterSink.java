package io.ringest.kafka;

import io.ringest.engine.DeadLetter;
import io.ringest.engine.DeadLetterSink;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes dead letters to the dead-letter topic with their original bytes and the headers
 * {@code ringest.error}, {@code ringest.group}, {@code ringest.source.topic}, {@code ringest.source.partition},
 * {@code ringest.source.offset}, and {@code ringest.route} (the route the record was for, where one took it).
 * Thread-safe: writers share one producer, as {@link KafkaProducer} allows.
 */
public final class KafkaDeadLetterSink implements DeadLetterSink
{
    private static final long ACK_TIMEOUT_SECONDS = 60;
    private static final long READ_BACK_TIMEOUT_SECONDS = 30;

    private final KafkaConfig config;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Consumer<String> log;
    private KafkaConsumer<byte[], byte[]> readBack;

    public KafkaDeadLetterSink(final KafkaConfig config, final Consumer<String> log)
    {
        this.config = config;
        this.producer = new KafkaProducer<>(config.producerProperties());
        this.log = log;
    }

    @Override
    public boolean send(final List<DeadLetter> letters)
    {
        final List<Future<RecordMetadata>> acks = new ArrayList<>(letters.size());
        try
        {
            for (final DeadLetter letter : letters)
            {
                acks.add(producer.send(record(letter)));
            }
            for (final Future<RecordMetadata> ack : acks)
            {
                ack.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            return true;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return false;
        }
        catch (final Exception e)
        {
            log.accept("WARN dead-letter write of " + letters.size() + " records failed, will retry: " + e);
            return false;
        }
    }

    /**
     * Reads one record back with a consumer of its own (no group), made on first use: refused rows are rare. Writers
     * call this concurrently, hence synchronized.
     */
    @Override
    public synchronized byte[] original(final String topic, final int partition, final long offset)
    {
        final TopicPartition tp = new TopicPartition(topic, partition);
        try
        {
            if (readBack == null)
            {
                readBack = new KafkaConsumer<>(config.readBackProperties());
            }
            readBack.assign(List.of(tp));
            if (readBack.beginningOffsets(List.of(tp)).get(tp) > offset)
            {
                return new byte[0];
            }
            readBack.seek(tp, offset);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READ_BACK_TIMEOUT_SECONDS);
            while (System.nanoTime() < deadline)
            {
                for (final ConsumerRecord<byte[], byte[]> record : readBack.poll(Duration.ofMillis(500)))
                {
                    // A later offset means this one was compacted away.
                    return record.offset() == offset ? (record.value() == null ? new byte[0] : record.value()) : new byte[0];
                }
            }
            log.accept("WARN reading " + tp + "@" + offset + " back timed out, will retry");
            return null;
        }
        catch (final Exception e)
        {
            log.accept("WARN reading " + tp + "@" + offset + " back failed, will retry: " + e);
            return null;
        }
    }

    private ProducerRecord<byte[], byte[]> record(final DeadLetter letter)
    {
        final RecordHeaders headers = new RecordHeaders();
        headers.add("ringest.error", utf8(letter.reason()));
        headers.add("ringest.group", utf8(config.groupId()));
        headers.add("ringest.source.topic", utf8(letter.topic()));
        headers.add("ringest.source.partition", utf8(Integer.toString(letter.partition())));
        headers.add("ringest.source.offset", utf8(Long.toString(letter.offset())));
        if (letter.route() != null)
        {
            headers.add("ringest.route", utf8(letter.route()));
        }
        return new ProducerRecord<>(config.deadLetterTopic(letter.topic()), null, (byte[])null, letter.value(), headers);
    }

    private static byte[] utf8(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close()
    {
        if (readBack != null)
        {
            readBack.close();
        }
        producer.close();
    }
}
