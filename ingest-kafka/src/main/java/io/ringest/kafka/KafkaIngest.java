package io.ringest.kafka;

import io.ringest.engine.Pipeline;
import io.ringest.engine.PipelineFailure;
import io.ringest.engine.RecordParts;
import io.ringest.engine.StoredRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The poller threads as one component: started once, stopped in two steps around the pipeline's drain. */
public final class KafkaIngest
{
    private final List<KafkaPoller> pollers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final KafkaDeadLetterLookup deadLettered;
    private final KafkaWatch watch;

    /**
     * {@code topicKey}: the setting that names a topic ({@code kafka.topics}, {@code route.<name>.topics}), for the line
     * that says it does not exist; {@code parts}: the record parts beyond the value that the sink reads, which the
     * pollers copy into the ring.
     */
    public KafkaIngest(
        final KafkaConfig config, final Function<String, String> topicKey, final Pipeline pipeline,
        final StoredRecords stored, final RecordParts parts, final PipelineFailure failure)
    {
        deadLettered = new KafkaDeadLetterLookup(config, failure::info);
        failure.info("group " + config.groupId() + ": " + config.pollers() + " pollers as " + config.membership().describe());
        for (int i = 0; i < config.pollers(); i++)
        {
            final KafkaPoller poller = new KafkaPoller(new KafkaConsumer<>(config.consumerProperties(i)), config,
                pipeline.ring(), pipeline.partitions(), pipeline.offsets(), pipeline.backlog(), stored, deadLettered, parts, failure);
            pollers.add(poller);
            threads.add(new Thread(poller, "kafka-poller-" + i));
        }
        watch = new KafkaWatch(config, topicKey, failure);
    }

    public void start()
    {
        threads.forEach(Thread::start);
        watch.start();
    }

    /**
     * What keeps ringest from reading, as the sentence it logged (naming the setting): no broker of
     * {@code kafka.bootstrap.servers} answers, or a topic to read does not exist. Null while neither is so, and before
     * the first check, which starts with {@link #start()} and takes up to 10 s while no broker answers; checked again
     * every 5 s. For readiness; any thread.
     */
    public String problem()
    {
        return watch.problem();
    }

    /** Records taken from Kafka so far. */
    public long polled()
    {
        return pollers.stream().mapToLong(KafkaPoller::polled).sum();
    }

    /** Records the pollers took from Kafka for the partition that holds index {@code partition} now. */
    public long polled(final int partition)
    {
        return pollers.stream().mapToLong(p -> p.counters().polled(partition)).sum();
    }

    /** Per topic, records the pollers took from Kafka and published. */
    public Map<String, Long> polledByTopic()
    {
        return sum(pollers.stream().map(p -> p.counters().polledByTopic()).toList());
    }

    /** Per topic, records the pollers skipped because the sink or the dead-letter topic already held them. */
    public Map<String, Long> skippedByTopic()
    {
        return sum(pollers.stream().map(p -> p.counters().skippedByTopic()).toList());
    }

    private static Map<String, Long> sum(final List<Map<String, Long>> counts)
    {
        final Map<String, Long> total = new TreeMap<>();
        counts.forEach(count -> count.forEach((topic, value) -> total.merge(topic, value, Long::sum)));
        return total;
    }

    /**
     * Records of the partition (a {@code PartitionTable} index) in Kafka after its owner's position, as of its last
     * poll; -1 if no poller owns it.
     */
    public long lag(final int partition)
    {
        return pollers.stream().mapToLong(p -> p.counters().lag(partition)).max().orElse(-1);
    }

    /** The highest offset the pollers committed for the partition, -1 if none was. */
    public long committed(final int partition)
    {
        return pollers.stream().mapToLong(p -> p.counters().committed(partition)).max().orElse(-1);
    }

    /** The partition's end offset as of its owner's last fetch; -1 if no poller owns it or none fetched it yet. */
    public long endOffset(final int partition)
    {
        return pollers.stream().mapToLong(p -> p.counters().end(partition)).max().orElse(-1);
    }

    /** True if one of the pollers owns the partition now. */
    public boolean owned(final int partition)
    {
        return pollers.stream().anyMatch(p -> p.counters().owned(partition));
    }

    /** Partition assignments poller {@code poller} received: one per rebalance it took part in. */
    public long assignments(final int poller)
    {
        return pollers.get(poller).counters().assignments();
    }

    public int pollerCount()
    {
        return pollers.size();
    }

    /** Step one of a stop: no poller publishes anything after this returns. */
    public void stopPublishing() throws InterruptedException
    {
        pollers.forEach(KafkaPoller::stopPublishing);
        for (final KafkaPoller poller : pollers)
        {
            poller.awaitPublishingStopped();
        }
    }

    /** Step two, after the pipeline drained: pollers commit what was stored, close their consumers and end. */
    public void finish() throws InterruptedException
    {
        pollers.forEach(KafkaPoller::finish);
        for (final Thread thread : threads)
        {
            thread.join();
        }
        watch.close();
        deadLettered.close();
    }
}
