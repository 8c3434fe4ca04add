package io.ringest.kafka;

import io.ringest.engine.PipelineFailure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The {@code kafka-watch} thread: asks the cluster, through an admin client only it uses, whether a broker of
 * {@code kafka.bootstrap.servers} answers and whether every topic to read exists, because the consumers tell neither
 * (they retry, and their NetworkClient warns many times a second). It logs a problem in one line naming the setting
 * when it appears, again every {@link #REPEAT_MILLIS} ms while it lasts, and once when it is gone. The pollers keep
 * waiting meanwhile, so a broker that comes up or a topic created later is read without a restart.
 */
final class KafkaWatch implements Runnable, AutoCloseable
{
    static final long REPEAT_MILLIS = 30_000;
    private static final long CHECK_MILLIS = 5_000;
    private static final int ANSWER_MILLIS = 10_000;
    private static final String TOPIC = "topic";

    private final Admin admin;
    private final List<String> topics;
    private final Function<String, String> topicKey;
    private final String bootstrap;
    private final PipelineFailure failure;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread = new Thread(this, "kafka-watch");
    private volatile String problem;
    private long loggedAt;

    /** {@code topicKey}: the setting that names a topic, e.g. {@code kafka.topics} or {@code route.app.topics}. */
    KafkaWatch(final KafkaConfig config, final Function<String, String> topicKey, final PipelineFailure failure)
    {
        this.admin = Admin.create(config.adminProperties());
        this.topics = config.topics();
        this.topicKey = topicKey;
        this.bootstrap = config.connection();
        this.failure = failure;
    }

    void start()
    {
        thread.start();
    }

    /** The problem as last logged, or null while a broker answers and every topic exists. Any thread. */
    String problem()
    {
        return problem;
    }

    @Override
    public void run()
    {
        try
        {
            do
            {
                final String now = check();
                if (closed.getCount() == 0)
                {
                    return; // closing cut the requests short: their failure says nothing about the cluster
                }
                report(now, System.currentTimeMillis());
            }
            while (!closed.await(CHECK_MILLIS, TimeUnit.MILLISECONDS));
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** The problem now, or null; waits at most {@link #ANSWER_MILLIS} for each of its two requests. */
    String check() throws InterruptedException
    {
        try
        {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(ANSWER_MILLIS)).nodes().get();
        }
        catch (final ExecutionException e)
        {
            return e.getCause() instanceof TimeoutException
                ? "no broker of kafka.bootstrap.servers=" + bootstrap + " answered within " + ANSWER_MILLIS / 1000
                    + " s; ringest keeps trying and reads once one does"
                : "cannot use Kafka at kafka.bootstrap.servers=" + bootstrap + ": " + e.getCause() + "; ringest keeps trying";
        }
        final List<String> missing = missingTopics();
        final boolean one = missing.size() == 1;
        return missing.isEmpty() ? null : TOPIC + (one ? " " : "s ") + String.join(", ", missing) + (one ? " does" : " do")
            + " not exist at kafka.bootstrap.servers=" + bootstrap + "; ringest waits and reads " + (one ? "it" : "them")
            + " once created";
    }

    /** Each topic to read that the cluster does not know, as {@code 'name' of <setting>}. */
    private List<String> missingTopics() throws InterruptedException
    {
        final Map<String, KafkaFuture<TopicDescription>> described =
            admin.describeTopics(topics, new DescribeTopicsOptions().timeoutMs(ANSWER_MILLIS)).topicNameValues();
        final List<String> missing = new ArrayList<>();
        for (final String topic : topics)
        {
            try
            {
                described.get(topic).get();
            }
            catch (final ExecutionException e)
            {
                if (e.getCause() instanceof UnknownTopicOrPartitionException)
                {
                    missing.add("'" + topic + "' of " + topicKey.apply(topic));
                }
            }
        }
        return missing;
    }

    /** Logs {@code now} if it is new or was last logged {@link #REPEAT_MILLIS} before {@code millis}, or that it is gone. */
    void report(final String now, final long millis)
    {
        final String before = problem;
        if (now != null && (!now.equals(before) || millis - loggedAt >= REPEAT_MILLIS))
        {
            failure.warn(now);
            loggedAt = millis;
        }
        else if (now == null && before != null)
        {
            failure.info(before.startsWith(TOPIC) ? "every topic to read exists now"
                : "Kafka at kafka.bootstrap.servers=" + bootstrap + " answers now");
        }
        problem = now;
    }

    /** Stops the thread (an answer it waits for is cut short) and closes the admin client. */
    @Override
    public void close() throws InterruptedException
    {
        closed.countDown();
        admin.close(Duration.ZERO);
        if (thread.isAlive())
        {
            thread.join();
        }
    }
}
