package io.ringest.devtools;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Checks that every record of a topic is stored exactly once: in the table (by its {@code _partition} and {@code _offset}
 * columns) or in the dead-letter topic (by its {@code ringest.source.*} headers). Prints one summary line on stdout and
 * one line per partition on stderr; exits 0 only with nothing missing, nothing duplicated and nothing out of range.
 *
 * <pre>
 *   java -cp devtools/target/ringest-tools.jar io.ringest.devtools.Coverage --topic T --table DB.TABLE --dlq T.dlq
 *        [--group G] [--wait 300] [--bootstrap 127.0.0.1:9092] [--clickhouse http://127.0.0.1:8123]
 * </pre>
 * With {@code --group G} the line also says how many partitions the group has committed to their end.
 * With {@code --wait S} it first waits, at most S seconds, until table rows plus dead letters reach the records produced
 * and the group, if given, has committed every partition to its end; with {@code --pid P}, only while process P lives.
 */
public final class Coverage
{
    private final Map<String, String> args;
    private final HttpClient http = HttpClient.newHttpClient();

    private Coverage(final Map<String, String> args)
    {
        this.args = args;
    }

    public static void main(final String[] argv) throws Exception
    {
        final Coverage coverage = new Coverage(Args.parse(argv, "topic", "table", "dlq"));
        System.exit(coverage.run() ? 0 : 1);
    }

    private boolean run() throws Exception
    {
        final String topic = args.get("topic");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap())))
        {
            final long[] ends = endOffsets(consumer, topic);
            final long produced = sum(ends);
            waitUntilStored(consumer, admin, ends);
            final Tally tally = new Tally(ends);
            final long inTable = readTable(topic, tally);
            final long inDlq = readDeadLetters(consumer, topic, tally);
            final String committed = args.containsKey("group") ? committed(admin, topic, ends) : "";
            final boolean pass = tally.missing() == 0 && tally.duplicates() == 0 && tally.outOfRange == 0 && !committed.contains("NOT");
            tally.printPartitions();
            System.out.printf("produced %d, in table %d, in DLQ %d, duplicates %d, missing %d, out of range %d%s%n",
                produced, inTable, inDlq, tally.duplicates(), tally.missing(), tally.outOfRange, committed);
            return pass;
        }
    }

    private void waitUntilStored(final KafkaConsumer<byte[], byte[]> consumer, final Admin admin, final long[] ends) throws Exception
    {
        final long produced = sum(ends);
        final long waitSeconds = Long.parseLong(args.getOrDefault("wait", "0"));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        long nextReport = System.nanoTime();
        final Optional<ProcessHandle> ingester = args.containsKey("pid") ? ProcessHandle.of(Long.parseLong(args.get("pid"))) : Optional.empty();
        while (System.nanoTime() < deadline && ingester.map(ProcessHandle::isAlive).orElse(true))
        {
            final long rows = Long.parseLong(query("SELECT count() FROM " + args.get("table")).trim());
            final long letters = sum(endOffsets(consumer, args.get("dlq")));
            final String committed = args.containsKey("group") ? committed(admin, args.get("topic"), ends) : "";
            if (rows + letters >= produced && !committed.contains("NOT"))
            {
                return;
            }
            if (System.nanoTime() >= nextReport)
            {
                System.err.printf("[coverage] waiting: %d rows + %d dead letters of %d records%s%n", rows, letters, produced, committed);
                nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            }
            Thread.sleep(1000);
        }
    }

    private long readTable(final String topic, final Tally tally) throws IOException, InterruptedException
    {
        final String sql = "SELECT _partition, _offset FROM " + args.get("table") + " WHERE _topic = '" + topic + "' FORMAT TabSeparated";
        long rows = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(queryStream(sql), StandardCharsets.US_ASCII)))
        {
            for (String line = lines.readLine(); line != null; line = lines.readLine())
            {
                final int tab = line.indexOf('\t');
                tally.add(Integer.parseInt(line.substring(0, tab)), Long.parseLong(line.substring(tab + 1)), false);
                rows++;
            }
        }
        return rows;
    }

    private long readDeadLetters(final KafkaConsumer<byte[], byte[]> consumer, final String topic, final Tally tally)
    {
        final List<TopicPartition> partitions = partitions(consumer, args.get("dlq"));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        long letters = 0;
        while (!reached(consumer, ends))
        {
            for (final ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500)))
            {
                if (topic.equals(header(r, "ringest.source.topic")))
                {
                    tally.add(Integer.parseInt(header(r, "ringest.source.partition")), Long.parseLong(header(r, "ringest.source.offset")), true);
                    letters++;
                }
            }
        }
        return letters;
    }

    /** ", committed to the end: 4 of 4 partitions", naming the group's committed offsets where they fall short ("NOT"). */
    private String committed(final Admin admin, final String topic, final long[] ends) throws Exception
    {
        final Map<TopicPartition, OffsetAndMetadata> offsets =
            admin.listConsumerGroupOffsets(args.get("group")).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        final Map<Integer, String> behind = new TreeMap<>();
        for (int p = 0; p < ends.length; p++)
        {
            final OffsetAndMetadata o = offsets.get(new TopicPartition(topic, p));
            final long committed = o == null ? -1 : o.offset();
            if (committed != ends[p])
            {
                behind.put(p, committed + " of " + ends[p]);
            }
        }
        final String line = ", committed to the end: " + (ends.length - behind.size()) + " of " + ends.length + " partitions";
        return behind.isEmpty() ? line : line + " (NOT " + behind + ")";
    }

    private String query(final String sql) throws IOException, InterruptedException
    {
        try (InputStream in = queryStream(sql))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private InputStream queryStream(final String sql) throws IOException, InterruptedException
    {
        final URI uri = URI.create(args.getOrDefault("clickhouse", "http://127.0.0.1:8123") + "/?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8));
        final HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200)
        {
            try (InputStream in = response.body())
            {
                throw new IOException("ClickHouse answered " + response.statusCode() + " to " + sql + ": " + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return response.body();
    }

    private static boolean reached(final KafkaConsumer<byte[], byte[]> consumer, final Map<TopicPartition, Long> ends)
    {
        for (final Map.Entry<TopicPartition, Long> e : ends.entrySet())
        {
            if (consumer.position(e.getKey()) < e.getValue())
            {
                return false;
            }
        }
        return true;
    }

    private static String header(final ConsumerRecord<byte[], byte[]> r, final String key)
    {
        final Header h = r.headers().lastHeader(key);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static long[] endOffsets(final KafkaConsumer<byte[], byte[]> consumer, final String topic)
    {
        final List<TopicPartition> partitions = partitions(consumer, topic);
        final long[] ends = new long[partitions.size()];
        consumer.endOffsets(partitions).forEach((tp, end) -> ends[tp.partition()] = end);
        return ends;
    }

    private static List<TopicPartition> partitions(final KafkaConsumer<byte[], byte[]> consumer, final String topic)
    {
        final Collection<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos)
        {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        return partitions;
    }

    private static long sum(final long[] values)
    {
        long total = 0;
        for (final long v : values)
        {
            total += v;
        }
        return total;
    }

    private Properties consumerProperties()
    {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return p;
    }

    private String bootstrap()
    {
        return args.getOrDefault("bootstrap", "127.0.0.1:9092");
    }

    /** How many times each offset of each partition was seen, in the table and in the dead-letter topic. */
    private static final class Tally
    {
        private final long[] ends;
        private final byte[][] seen;
        private final long[] inDlq;
        private long outOfRange;

        Tally(final long[] ends)
        {
            this.ends = ends;
            this.seen = new byte[ends.length][];
            this.inDlq = new long[ends.length];
            for (int p = 0; p < ends.length; p++)
            {
                seen[p] = new byte[Math.toIntExact(ends[p])];
            }
        }

        void add(final int partition, final long offset, final boolean deadLetter)
        {
            if (partition < 0 || partition >= ends.length || offset < 0 || offset >= ends[partition])
            {
                outOfRange++;
                return;
            }
            final byte[] counts = seen[partition];
            counts[(int)offset] = (byte)Math.min(counts[(int)offset] + 1, 100);
            inDlq[partition] += deadLetter ? 1 : 0;
        }

        long missing()
        {
            long missing = 0;
            for (final byte[] counts : seen)
            {
                for (final byte c : counts)
                {
                    missing += c == 0 ? 1 : 0;
                }
            }
            return missing;
        }

        long duplicates()
        {
            long duplicates = 0;
            for (final byte[] counts : seen)
            {
                for (final byte c : counts)
                {
                    duplicates += Math.max(0, c - 1);
                }
            }
            return duplicates;
        }

        void printPartitions()
        {
            System.err.println("[coverage] partition  end  dead-letters  missing  duplicates");
            for (int p = 0; p < ends.length; p++)
            {
                long missing = 0;
                long duplicates = 0;
                for (final byte c : seen[p])
                {
                    missing += c == 0 ? 1 : 0;
                    duplicates += Math.max(0, c - 1);
                }
                System.err.printf("[coverage] %9d %9d %9d %9d %9d%n", p, ends[p], inDlq[p], missing, duplicates);
            }
        }
    }
}
