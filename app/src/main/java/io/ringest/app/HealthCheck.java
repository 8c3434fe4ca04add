package io.ringest.app;

import io.ringest.engine.PartitionTable;
import io.ringest.engine.PipelineFailure;
import io.ringest.kafka.KafkaIngest;

import java.util.ArrayList;
import java.util.List;

/**
 * Liveness and readiness, from state the components keep anyway. Live unless the pipeline failed. Ready when the
 * pipeline runs (started, not stopping), nothing failed (no breaker tripped), every poller joined the group (it was
 * given its partitions, or none because the group has more members than partitions), a broker answers and every topic
 * read exists, and ClickHouse answers. Called
 * by the HTTP server's threads.
 */
final class HealthCheck
{
    /** The answer to a probe: ready or not and, either way, why in one line. */
    record Verdict(boolean ok, String why)
    {
    }

    /**
     * What readiness is decided from.
     *
     * @param failure           the pipeline's failure (a breaker tripped, an insert failed for good), or null
     * @param kafkaProblem      no broker answers, or a topic read does not exist ({@link KafkaIngest#problem}), or null
     * @param clickhouseProblem why ClickHouse does not answer, or null
     */
    record State(
        boolean running, String failure, int pollers, int pollersJoined, int partitionsOwned, String kafkaProblem,
        String clickhouseProblem)
    {
    }

    private final PipelineFailure failure;
    private final KafkaIngest ingest;
    private final PartitionTable partitions;
    private final ClickHouseProbe clickhouse;
    private final String group;
    private volatile boolean running;

    HealthCheck(
        final PipelineFailure failure, final KafkaIngest ingest, final PartitionTable partitions, final ClickHouseProbe clickhouse,
        final String group)
    {
        this.failure = failure;
        this.ingest = ingest;
        this.partitions = partitions;
        this.clickhouse = clickhouse;
        this.group = group;
    }

    /** Set once every stage has started, cleared as the stop begins. */
    void running(final boolean isRunning)
    {
        running = isRunning;
    }

    /** The pipeline's failure (a breaker tripped, an insert failed for good), or null. */
    String failure()
    {
        return failure.reason();
    }

    Verdict live()
    {
        final String reason = failure.reason();
        return reason == null ? new Verdict(true, "live") : new Verdict(false, "failed: " + reason);
    }

    Verdict ready()
    {
        return ready(state(), group);
    }

    State state()
    {
        int joined = 0;
        for (int p = 0; p < ingest.pollerCount(); p++)
        {
            joined += ingest.assignments(p) > 0 ? 1 : 0;
        }
        final int[] owned = {0};
        partitions.forEach((index, topic, partition) -> owned[0] += ingest.owned(index) ? 1 : 0);
        return new State(running, failure.reason(), ingest.pollerCount(), joined, owned[0], ingest.problem(),
            clickhouse.problem());
    }

    /** The readiness rules: every unmet condition is named, in this order, separated by {@code ; }. */
    static Verdict ready(final State state, final String group)
    {
        final List<String> not = new ArrayList<>();
        if (state.failure() != null)
        {
            not.add("failed: " + state.failure());
        }
        else if (!state.running())
        {
            not.add("the pipeline is not running (starting or stopping)");
        }
        if (state.pollersJoined() < state.pollers())
        {
            not.add(state.pollersJoined() + " of " + state.pollers() + " pollers joined group " + group
                + ", " + state.partitionsOwned() + " partitions assigned");
        }
        if (state.kafkaProblem() != null)
        {
            not.add(state.kafkaProblem());
        }
        if (state.clickhouseProblem() != null)
        {
            not.add(state.clickhouseProblem());
        }
        if (!not.isEmpty())
        {
            return new Verdict(false, "not ready: " + String.join("; ", not));
        }
        return new Verdict(true, "ready: " + (state.partitionsOwned() == 0
            ? "no partitions assigned, the group has no more for this process"
            : state.partitionsOwned() + " partitions assigned"));
    }
}
