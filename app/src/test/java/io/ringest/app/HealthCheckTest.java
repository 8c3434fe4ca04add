package io.ringest.app;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthCheckTest
{
    private static HealthCheck.Verdict ready(
        final boolean running, final String failure, final int pollers, final int joined, final int owned, final String clickhouse)
    {
        return HealthCheck.ready(new HealthCheck.State(running, failure, pollers, joined, owned, null, clickhouse), "g");
    }

    @Test
    void shouldNotBeReadyWhileNoBrokerAnswersOrATopicIsMissingEvenWithPartitionsOfOtherTopics()
    {
        final String missing = "topic 'audit' of kafka.topics does not exist at kafka.bootstrap.servers=127.0.0.1:9092; "
            + "ringest waits and reads it once created";
        final HealthCheck.Verdict verdict =
            HealthCheck.ready(new HealthCheck.State(true, null, 2, 2, 3, missing, null), "g");
        assertFalse(verdict.ok());
        assertEquals("not ready: " + missing, verdict.why());
    }

    @Test
    void shouldBeReadyWhenRunningWithPartitionsAndClickHouseAnswering()
    {
        final HealthCheck.Verdict verdict = ready(true, null, 2, 2, 3, null);
        assertTrue(verdict.ok());
        assertEquals("ready: 3 partitions assigned", verdict.why());
    }

    @Test
    void shouldBeReadyWhenTheGroupHasNoPartitionForThisProcess()
    {
        final HealthCheck.Verdict verdict = ready(true, null, 2, 2, 0, null);
        assertTrue(verdict.ok());
        assertTrue(verdict.why().contains("no partitions assigned"), verdict.why());
    }

    @Test
    void shouldNotBeReadyBeforeEveryPollerJoinedTheGroup()
    {
        // An unreachable broker: no poller ever gets an assignment.
        final HealthCheck.Verdict none = ready(true, null, 2, 0, 0, null);
        assertFalse(none.ok());
        assertEquals("not ready: 0 of 2 pollers joined group g, 0 partitions assigned", none.why());
        assertFalse(ready(true, null, 2, 1, 3, null).ok());
    }

    @Test
    void shouldNotBeReadyWhileClickHouseDoesNotAnswer()
    {
        final HealthCheck.Verdict verdict = ready(true, null, 2, 2, 3, "ClickHouse does not answer a ping within 2000 ms");
        assertFalse(verdict.ok());
        assertEquals("not ready: ClickHouse does not answer a ping within 2000 ms", verdict.why());
    }

    @Test
    void shouldNotBeReadyOnceABreakerTrippedOrThePipelineFailed()
    {
        final HealthCheck.Verdict verdict = ready(true, "dead-letter breaker tripped: more than 50% of the last 1000", 2, 2, 3, null);
        assertFalse(verdict.ok());
        assertEquals("not ready: failed: dead-letter breaker tripped: more than 50% of the last 1000", verdict.why());
    }

    @Test
    void shouldNotBeReadyWhileStartingOrStopping()
    {
        assertFalse(ready(false, null, 2, 2, 3, null).ok());
    }

    @Test
    void shouldNameEveryUnmetCondition()
    {
        final HealthCheck.Verdict verdict = ready(false, null, 1, 0, 0, "ClickHouse down");
        assertEquals("not ready: the pipeline is not running (starting or stopping); 0 of 1 pollers joined group g, "
            + "0 partitions assigned; ClickHouse down", verdict.why());
    }
}
