package io.ringest.devtools;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces realistic JSON log records to a Kafka topic, as fast as possible or at a fixed rate,
 * creating the topic first when it is missing.
 *
 * <pre>
 *   java -cp devtools/target/ringest-tools.jar io.ringest.devtools.LoadGenerator --topic logs --count 1000000
 *        [--rate 50000] [--partitions 4] [--poison 0.01] [--bootstrap 127.0.0.1:9092]
 * </pre>
 *
 * Payloads come from a pool of pre-rendered templates; per record only the timestamp, the
 * resource id and the trace id are patched in place. That is safe because {@code send()} copies
 * the value into the producer's batch before it returns. Single-threaded; the Kafka record
 * timestamp stays CreateTime so consumers can measure latency from it. One progress line a
 * second and a summary go to stderr; the exit code is 1 when any send failed.
 */
public final class LoadGenerator {
    private static final int POOL_SIZE = 4096;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final String topic;
    private final long count;
    private final long rate;
    private final int partitions;
    private final String bootstrap;
    /** Every poisonEvery-th record is a {@link PoisonRecords} one; 0 for none. */
    private final long poisonEvery;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final Callback onCompletion = (metadata, exception) -> {
        if (exception == null) {
            acked.incrementAndGet();
        } else {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, exception);
        }
    };

    private LoadGenerator(Map<String, String> args) {
        topic = args.get("topic");
        count = Long.parseLong(args.get("count"));
        rate = Long.parseLong(args.getOrDefault("rate", "0"));
        partitions = Integer.parseInt(args.getOrDefault("partitions", "4"));
        bootstrap = args.getOrDefault("bootstrap", "127.0.0.1:9092");
        double poison = Double.parseDouble(args.getOrDefault("poison", "0"));
        if (!(poison >= 0 && poison <= 1)) {
            throw new IllegalArgumentException("--poison must be a share between 0 and 1, got " + poison);
        }
        poisonEvery = poison == 0 ? 0 : Math.round(1 / poison);
        if (count < 0 || rate < 0 || partitions < 1) {
            throw new IllegalArgumentException("--count and --rate must be >= 0 and --partitions >= 1, got "
                    + count + ", " + rate + ", " + partitions);
        }
        if (count > 0 && bootstrap.isBlank()) {
            throw new IllegalArgumentException("--bootstrap must be HOST:PORT, got an empty value");
        }
    }

    public static void main(String[] argv) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        LoadGenerator generator;
        try {
            generator = new LoadGenerator(Args.parse(argv, "topic", "count"));
        } catch (RuntimeException e) {
            System.err.println("loadgen: " + e.getMessage());
            System.err.println("usage: LoadGenerator --topic T --count N [--rate R] [--partitions P] [--poison SHARE] [--bootstrap HOST:PORT]");
            System.exit(2);
            return;
        }
        try {
            System.exit(generator.run());
        } catch (Exception e) {
            System.err.println("loadgen: FAILED: " + e);
            System.exit(1);
        }
    }

    private int run() throws Exception {
        ensureTopic();
        PayloadPool pool = new PayloadPool(POOL_SIZE, new SplittableRandom(42));
        System.err.printf("loadgen: producing %,d logs to %s on %s (%s), %d templates of mean %d bytes%n",
                count, topic, bootstrap, rate == 0 ? "as fast as possible" : rate + " logs/s", POOL_SIZE, pool.meanSize());
        SplittableRandom random = new SplittableRandom();
        Pacer pacer = new Pacer(rate);
        long start = System.nanoTime();
        long bytes = 0;
        long poisoned = 0;
        PoisonRecords poison = new PoisonRecords();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            long nextReport = start + TimeUnit.SECONDS.toNanos(1);
            long lastReported = 0;
            for (long i = 0; i < count; i++) {
                pacer.acquire();
                boolean bad = poisonEvery > 0 && i % poisonEvery == poisonEvery - 1;
                byte[] value = bad ? poison.next() : pool.next(random);
                poisoned += bad ? 1 : 0;
                bytes += value.length;
                producer.send(new ProducerRecord<>(topic, null, value), onCompletion);
                long now = System.nanoTime();
                if (now >= nextReport) {
                    System.err.printf("produced %,d/%,d (%,d logs/s)%n", i + 1, count,
                            (i + 1 - lastReported) * 1_000_000_000L / (now - nextReport + TimeUnit.SECONDS.toNanos(1)));
                    lastReported = i + 1;
                    nextReport = now + TimeUnit.SECONDS.toNanos(1);
                    pool.resyncClock();
                }
            }
            producer.flush();
            if (count > 0) {
                printQueueing(producer);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.err.printf("loadgen: produced %,d logs (%.1f MB) in %.2f s: %,.0f logs/s, %.1f MB/s; acked %,d, failed %,d%n",
                count, bytes / 1e6, seconds, count / seconds, bytes / 1e6 / seconds, acked.get(), failed.get());
        if (poisonEvery > 0) {
            System.err.printf("loadgen: poison records: %d (kinds in turn: %s)%n", poisoned, String.join(", ", PoisonRecords.KINDS));
        }
        if (failed.get() > 0 || acked.get() != count) {
            System.err.println("loadgen: FAILED, first failure: " + firstFailure.get());
            return 1;
        }
        return 0;
    }

    /**
     * Prints how long records waited in this producer before the broker acknowledged them (its own queue, then the
     * request): latency that a consumer measuring from the record timestamp counts, although no consumer caused it.
     */
    private static void printQueueing(final KafkaProducer<byte[], byte[]> producer) {
        final Map<String, Double> ms = new java.util.TreeMap<>();
        producer.metrics().forEach((name, metric) -> {
            if (name.group().equals("producer-metrics") && name.name().matches("(record-queue-time|request-latency)-(avg|max)")) {
                ms.put(name.name(), ((Number) metric.metricValue()).doubleValue());
            }
        });
        System.err.printf("loadgen: producer wait in ms (queue, then request to the broker): %s%n", ms);
    }

    private void ensureTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
            System.err.printf("loadgen: created topic %s with %d partitions%n", topic, partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private Properties producerConfig() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "ringest-loadgen");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L << 20));
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 << 20));  // room for the 2 MB poison record
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /** Token bucket: allows {@code rate} acquisitions a second with bursts of up to 10 ms worth; 0 means unlimited. */
    static final class Pacer {
        private static final long PARK_THRESHOLD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
        private final long nanosPerToken;
        private final long burstNanos;
        private long allowedAt;

        Pacer(long rate) {
            nanosPerToken = rate == 0 ? 0 : Math.max(1, 1_000_000_000L / rate);
            burstNanos = Math.max(nanosPerToken, TimeUnit.MILLISECONDS.toNanos(10));
            allowedAt = System.nanoTime();
        }

        void acquire() {
            if (nanosPerToken == 0) {
                return;
            }
            long now = System.nanoTime();
            allowedAt = Math.max(allowedAt, now - burstNanos) + nanosPerToken;
            long wait = allowedAt - now;
            // Sleep only once a millisecond of sends is owed: parking per record (every 10 us at 100K/s) costs a
            // timer syscall each and could not even reach the rate. The average rate stays exact.
            if (wait > PARK_THRESHOLD_NANOS) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    /**
     * Pre-rendered JSON records; {@link #next} picks one and patches its timestamp, resource id
     * and trace id in place. The byte arrays are reused: valid only until the next call.
     */
    static final class PayloadPool {
        private static final int TIMESTAMP_AT = "{\"timestamp\":\"".length();
        private final byte[][] payloads;
        private final int[] resourceAt;
        private final int[] traceAt;
        private final byte[] secondPrefix = new byte[20];
        private long cachedSecond = Long.MIN_VALUE;
        private long epochNanosAtAnchor;
        private long nanoTimeAtAnchor;

        PayloadPool(int size, SplittableRandom random) {
            payloads = new byte[size][];
            resourceAt = new int[size];
            traceAt = new int[size];
            for (int i = 0; i < size; i++) {
                LogTemplate t = LogTemplate.random(random);
                String head = "{\"timestamp\":\"2000-01-01T00:00:00.000000000Z\",\"level\":\"" + t.level()
                        + "\",\"service\":\"" + t.service() + "\",\"resourceId\":\"";
                String mid = "server-0000\",\"traceId\":\"";
                String tail = "00000000000000000000000000000000\",\"status\":" + t.status()
                        + ",\"durationMs\":" + t.durationMs() + ",\"message\":\"" + t.escapedMessage() + "\"}";
                resourceAt[i] = utf8Length(head) + "server-".length();
                traceAt[i] = utf8Length(head) + utf8Length(mid);
                payloads[i] = (head + mid + tail).getBytes(StandardCharsets.UTF_8);
            }
            resyncClock();
        }

        int meanSize() {
            long total = 0;
            for (byte[] p : payloads) {
                total += p.length;
            }
            return (int) (total / payloads.length);
        }

        /** Re-anchors the nanosecond clock to the wall clock (called once a second). */
        void resyncClock() {
            Instant now = Instant.now();
            nanoTimeAtAnchor = System.nanoTime();
            epochNanosAtAnchor = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        byte[] next(SplittableRandom random) {
            int i = random.nextInt(payloads.length);
            byte[] p = payloads[i];
            writeTimestamp(p, epochNanosAtAnchor + (System.nanoTime() - nanoTimeAtAnchor));
            writeDigits(p, resourceAt[i], random.nextInt(1000), 4);
            writeHex(p, traceAt[i], random.nextLong());
            writeHex(p, traceAt[i] + 16, random.nextLong());
            return p;
        }

        /** Writes {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ}; the date part is rendered once a second. */
        private void writeTimestamp(byte[] p, long epochNanos) {
            long second = Math.floorDiv(epochNanos, 1_000_000_000L);
            if (second != cachedSecond) {
                String s = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC).toString();
                byte[] text = (s.length() == 16 ? s + ":00" : s).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(text, 0, secondPrefix, 0, 19);
                secondPrefix[19] = '.';
                cachedSecond = second;
            }
            System.arraycopy(secondPrefix, 0, p, TIMESTAMP_AT, 20);
            writeDigits(p, TIMESTAMP_AT + 20, Math.floorMod(epochNanos, 1_000_000_000L), 9);
        }

        private static void writeDigits(byte[] p, int at, long value, int width) {
            for (int k = at + width - 1; k >= at; k--) {
                p[k] = (byte) ('0' + value % 10);
                value /= 10;
            }
        }

        private static void writeHex(byte[] p, int at, long bits) {
            for (int k = at + 15; k >= at; k--) {
                p[k] = HEX[(int) (bits & 0xF)];
                bits >>>= 4;
            }
        }

        private static int utf8Length(String s) {
            return s.getBytes(StandardCharsets.UTF_8).length;
        }
    }
    /** One log's fields other than timestamp, resource id and trace id; the message is already JSON-escaped. */
    record LogTemplate(String level, String service, int status, String durationMs, String escapedMessage) {
        private static final String[] SERVICES = {"api-gateway", "auth", "billing", "catalog", "checkout", "inventory",
            "notifications", "orders", "payments", "recommendations", "search", "user-profile"};
        private static final String[] PATHS = {"/api/v1/orders", "/api/v1/users/me", "/api/v2/search?q=caf%C3%A9",
            "/api/v1/cart/items", "/healthz", "/api/v1/payments/authorize", "/api/v1/catalog/products"};
        private static final String[] NAMES = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
            "ivan", "judy", "mallory", "oscar", "peggy", "trent", "José Müller", "Zoë Ødegård", "渡辺 健", "Nguyễn Văn An"};
        private static final String[] PLACES = {"Berlin", "Paris", "London", "Chicago", "Lagos", "Sydney", "Toronto",
            "Madrid", "Mumbai", "Seoul", "São Paulo", "Kraków", "Zürich", "東京"};
        private static final String[] WORDS = {"request", "cache", "miss", "upstream", "latency", "retry", "session",
            "token", "shard", "replica", "queue", "batch", "flush", "commit", "lease", "quota"};
        private static final String[] NOTES = {"ok ✓", "deployed 🚀", "naïve retry", "user \"guest\"", "C:\\tmp\\spool"};

        static LogTemplate random(SplittableRandom r) {
            int roll = r.nextInt(100);
            String level = roll < 80 ? "INFO" : roll < 88 ? "DEBUG" : roll < 96 ? "WARN" : "ERROR";
            int status = switch (level) {
                case "ERROR" -> pick(r, 500, 500, 502, 503, 504);
                case "WARN" -> pick(r, 200, 400, 401, 403, 404, 404, 409, 429);
                default -> r.nextInt(100) < 92 ? 200 : pick(r, 201, 204, 301, 304);
            };
            double millis = Math.exp(Math.log(12) + r.nextGaussian()) * (level.equals("WARN") ? 20 : 1);
            int length = r.nextInt(20) == 0 || level.equals("ERROR")
                    ? 300 + r.nextInt(1600)
                    : 50 + (int) Math.min(1500, -Math.log(1 - r.nextDouble()) * 100);
            String message = message(r, level, status, millis, length);
            return new LogTemplate(level, SERVICES[r.nextInt(SERVICES.length)], status,
                    String.format(java.util.Locale.ROOT, "%.3f", millis), escape(message));
        }

        /** A plausible message of at least {@code length} UTF-8 bytes (at most ~100 more). */
        private static String message(SplittableRandom r, String level, int status, double millis, int length) {
            StringBuilder m = new StringBuilder(length + 128);
            String path = PATHS[r.nextInt(PATHS.length)];
            switch (level) {
                case "ERROR" -> m.append("request ").append(path).append(" failed: java.net.SocketTimeoutException: ")
                        .append("Read timed out after ").append((int) millis).append(" ms\n");
                case "WARN" -> m.append("slow request \"").append(path).append("\" took ")
                        .append((int) millis).append(" ms (status ").append(status).append(")");
                case "DEBUG" -> m.append("headers {\"x-user\": \"").append(NAMES[r.nextInt(NAMES.length)])
                        .append("\", \"x-region\": \"").append(PLACES[r.nextInt(PLACES.length)]).append("\"}");
                default -> m.append("GET ").append(path).append(" ").append(status).append(" user=")
                        .append(NAMES[r.nextInt(NAMES.length)]).append(" city=").append(PLACES[r.nextInt(PLACES.length)]);
            }
            int frame = 0;
            while (m.toString().getBytes(StandardCharsets.UTF_8).length < length) {
                if (level.equals("ERROR")) {
                    m.append("\tat io.shop.").append(WORDS[r.nextInt(WORDS.length)]).append(".Handler.call(Handler.java:")
                            .append(40 + frame++).append(")\n");
                } else if (r.nextInt(8) == 0) {
                    m.append(" note=\"").append(NOTES[r.nextInt(NOTES.length)]).append('"');
                } else {
                    m.append(' ').append(WORDS[r.nextInt(WORDS.length)]).append('=').append(r.nextInt(100_000));
                }
            }
            return m.toString();
        }

        private static String escape(String s) {
            StringBuilder out = new StringBuilder(s.length() + 16);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.toString();
        }

        private static int pick(SplittableRandom r, int... values) {
            return values[r.nextInt(values.length)];
        }
    }
}
