package io.ringest.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One thing that happens next to the offset tracker: a poller hands records over, the batcher publishes a batch, a
 * writer finishes one (stored or not), the pipeline fails, a rebalance revokes a partition, or the process dies.
 * Steps that pick "the n-th batch in flight" take n modulo the batches in flight and do nothing when there is none,
 * so every sequence is valid and a shrunk one stays valid.
 */
sealed interface CommitStep
{
    int PARTITIONS = 3;

    /** The poller of {@code partition} hands its next {@code records} records (in log order) to the batcher. */
    record Poll(int partition, int records) implements CommitStep
    {
    }

    /** The batch being filled is published to the writers, as when it has lingered long enough. */
    record Flush() implements CommitStep
    {
    }

    /** The insert of the {@code pick}-th batch in flight is acknowledged. */
    record Ack(int pick) implements CommitStep
    {
    }

    /** The server rejects the {@code pick}-th batch in flight: its writer fails the pipeline and leaves it unacknowledged. */
    record Reject(int pick) implements CommitStep
    {
    }

    /** The writer of the {@code pick}-th batch in flight stops retrying as a stop ran out of time: unacknowledged, pipeline not failed. */
    record GiveUp(int pick) implements CommitStep
    {
    }

    /** Something else fails the pipeline: a poller's exception, or an unexpected one in a stage. */
    record Fail() implements CommitStep
    {
    }

    /** The partition is revoked and assigned back: its committable offset is committed and polling restarts from the committed offset. */
    record Revoke(int partition) implements CommitStep
    {
    }

    /** The process dies; the restart resumes each partition from what was committable at that moment. */
    record Crash() implements CommitStep
    {
    }

    /** Up to 60 steps; a third of the sequences have no failure steps at all, so long healthy runs are common. */
    static List<CommitStep> random(final Random random)
    {
        final int faults = random.nextInt(3) * 2;
        final int size = random.nextInt(61);
        final List<CommitStep> steps = new ArrayList<>(size);
        for (int i = 0; i < size; i++)
        {
            final int roll = random.nextInt(100 + faults * 3);
            final int pick = random.nextInt(4);
            final int partition = random.nextInt(PARTITIONS);
            steps.add(
                roll < 40 ? new Poll(partition, 1 + random.nextInt(3))
                    : roll < 50 ? new Flush()
                    : roll < 80 ? new Ack(pick)
                    : roll < 92 ? new Revoke(partition)
                    : roll < 100 ? new Crash()
                    : roll < 100 + faults ? new Reject(pick)
                    : roll < 100 + faults * 2 ? new GiveUp(pick)
                    : new Fail());
        }
        return steps;
    }

    /** What shrinking tries in place of {@code step}: the same kind of step on partition 0, with one record, on the first batch. */
    static List<CommitStep> simpler(final CommitStep step)
    {
        final List<CommitStep> simpler = new ArrayList<>();
        if (step instanceof Poll poll)
        {
            if (poll.partition() != 0)
            {
                simpler.add(new Poll(0, poll.records()));
            }
            if (poll.records() != 1)
            {
                simpler.add(new Poll(poll.partition(), 1));
            }
        }
        else if (step instanceof Revoke revoke && revoke.partition() != 0)
        {
            simpler.add(new Revoke(0));
        }
        else if (step instanceof Ack ack && ack.pick() != 0)
        {
            simpler.add(new Ack(0));
        }
        else if (step instanceof Reject reject && reject.pick() != 0)
        {
            simpler.add(new Reject(0));
        }
        else if (step instanceof GiveUp giveUp && giveUp.pick() != 0)
        {
            simpler.add(new GiveUp(0));
        }
        return simpler;
    }
}
