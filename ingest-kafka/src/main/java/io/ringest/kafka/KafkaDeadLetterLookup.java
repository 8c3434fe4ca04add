package io.ringest.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Reads the dead-letter topic from a point in time to its end with a consumer of its own (no group), keeping the letters
 * whose {@code ringest.group} and {@code ringest.source.*} headers name this group and the partition asked about.
 * Letters are timestamped by the producer that wrote them; {@link #CLOCK_SKEW_MILLIS} allows for another machine's clock.
 * Thread-safe (synchronized): pollers ask one at a time.
 */
public final class KafkaDeadLetterLookup implements DeadLetterLookup
{
    static final long CLOCK_SKEW_MILLIS = 60_000;
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConfig config;
    private final Consumer<String> log;
    private KafkaConsumer<byte[], byte[]> consumer;

    public KafkaDeadLetterLookup(final KafkaConfig config, final Consumer<String> log)
    {
        this.config = config;
        this.log = log;
    }

    @Override
    public synchronized long[] deadLettered(final String topic, final int partition, final long from, final long sinceMillis)
    {
        if (consumer == null)
        {
            final Map<String, Object> props = config.readBackProperties();
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-dlq-lookup");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
            props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
            consumer = new KafkaConsumer<>(props);
        }
        final String dlq = config.deadLetterTopic(topic);
        final List<TopicPartition> letters = consumer.partitionsFor(dlq, Duration.ofSeconds(30)).stream()
            .map(info -> new TopicPartition(dlq, info.partition())).toList();
        if (letters.isEmpty())
        {
            return new long[0];
        }
        consumer.assign(letters);
        seek(letters, sinceMillis);
        final Map<TopicPartition, Long> ends = consumer.endOffsets(letters);
        final TreeSet<Long> found = new TreeSet<>();
        long read = 0;
        while (!reached(ends))
        {
            for (final ConsumerRecord<byte[], byte[]> letter : consumer.poll(POLL))
            {
                read++;
                if (config.groupId().equals(header(letter, "ringest.group")) && topic.equals(header(letter, "ringest.source.topic"))
                    && Integer.toString(partition).equals(header(letter, "ringest.source.partition")))
                {
                    final long offset = Long.parseLong(header(letter, "ringest.source.offset"));
                    if (offset >= from)
                    {
                        found.add(offset);
                    }
                }
            }
        }
        if (read > 0)
        {
            log.accept(topic + "-" + partition + ": read " + read + " dead letters of " + dlq + " to find those of offset "
                + from + " on: " + found.size());
        }
        return found.stream().mapToLong(Long::longValue).toArray();
    }

    private void seek(final List<TopicPartition> letters, final long sinceMillis)
    {
        if (sinceMillis < 0)
        {
            consumer.seekToBeginning(letters);
            return;
        }
        final Map<TopicPartition, Long> times = new HashMap<>();
        letters.forEach(tp -> times.put(tp, Math.max(0, sinceMillis - CLOCK_SKEW_MILLIS)));
        final Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
        final Map<TopicPartition, Long> ends = consumer.endOffsets(letters);
        for (final TopicPartition tp : letters)
        {
            final OffsetAndTimestamp at = offsets.get(tp);
            consumer.seek(tp, at == null ? ends.get(tp) : at.offset());
        }
    }

    private boolean reached(final Map<TopicPartition, Long> ends)
    {
        for (final Map.Entry<TopicPartition, Long> end : ends.entrySet())
        {
            if (consumer.position(end.getKey()) < end.getValue())
            {
                return false;
            }
        }
        return true;
    }

    private static String header(final ConsumerRecord<byte[], byte[]> record, final String key)
    {
        final Header h = record.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public synchronized void close()
    {
        if (consumer != null)
        {
            consumer.close();
        }
    }
}
