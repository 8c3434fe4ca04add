package io.ringest.kafka;

import io.ringest.engine.PipelineFailure;
import io.ringest.engine.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** When the watch logs a problem, repeats it and says it is gone; no broker is asked (the admin client sends nothing). */
class KafkaWatchTest
{
    private static final String DOWN = "no broker of kafka.bootstrap.servers=127.0.0.1:1 answered";
    private static final String MISSING = "topic 'logs' of kafka.topics does not exist";

    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final KafkaWatch watch = new KafkaWatch(KafkaConfig.from(new Settings(Map.of(
        "kafka.bootstrap.servers", "127.0.0.1:1", "kafka.topics", "logs", "kafka.group.id", "g"))),
        topic -> "kafka.topics", new PipelineFailure(logged::add));

    @AfterEach
    void close() throws InterruptedException
    {
        watch.close();
    }

    @Test
    void shouldLogAProblemOnceThenEveryRepeatIntervalAndWhenItIsGone()
    {
        assertNull(watch.problem(), "nothing is known before the first check");
        watch.report(null, 0);
        assertEquals(List.of(), logged, "all is well: nothing to say");
        watch.report(DOWN, 1_000);
        watch.report(DOWN, 1_000 + KafkaWatch.REPEAT_MILLIS - 1);
        assertEquals(List.of("WARN " + DOWN), logged);
        assertEquals(DOWN, watch.problem());
        watch.report(DOWN, 1_000 + KafkaWatch.REPEAT_MILLIS);
        assertEquals(2, logged.size(), "said again once the repeat interval has passed");
        watch.report(MISSING, 1_000 + KafkaWatch.REPEAT_MILLIS + 5_000);
        assertEquals("WARN " + MISSING, logged.get(2), "a different problem is said at once");
        watch.report(null, 1_000 + KafkaWatch.REPEAT_MILLIS + 10_000);
        assertNull(watch.problem());
        assertEquals("every topic to read exists now", logged.get(3));
        watch.report(null, 1_000 + KafkaWatch.REPEAT_MILLIS + 15_000);
        assertEquals(4, logged.size());
        watch.report(DOWN, 100_000);
        watch.report(null, 105_000);
        assertEquals(List.of("WARN " + DOWN, "Kafka at kafka.bootstrap.servers=127.0.0.1:1 over PLAINTEXT answers now"),
            logged.subList(4, 6));
    }
}
