package io.ringest.engine;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;

import java.util.HashSet;
import java.util.List;

/**
 * The real {@link OffsetTracker} over a real ring of {@link Batch}es, all on the test's thread: the rig is the
 * batcher (claims a slot, covers records, publishes when the batch is full or a {@code Flush} says it lingered), the
 * writers (finish a batch, then call {@link OffsetTracker#advance}) and the pollers. Deterministic.
 */
final class TrackerRig extends CommitRig
{
    static final int SLOTS = 4;
    private static final RowEncoder[] ENCODERS = {new TestRows.OffsetEncoder()};
    static final int BATCH_ROWS = 4;

    private PipelineFailure failure;
    private RingBuffer<Batch> ring;
    private OffsetTracker tracker;
    private CommitModel.Entry open;

    TrackerRig()
    {
        super(new HashSet<>());
        start();
    }

    @Override
    long committable(final int partition)
    {
        return tracker.committable(partition);
    }

    private void start()
    {
        failure = new PipelineFailure(log::add);
        ring = RingBuffer.createSingleProducer(() -> new Batch(1, 64, 16, CommitStep.PARTITIONS), SLOTS, new BlockingWaitStrategy());
        tracker = new OffsetTracker(new PartitionTable(CommitStep.PARTITIONS), failure);
        tracker.track(ring);
        open = null;
        newLife();
    }

    @Override
    void apply(final CommitStep s)
    {
        if (s instanceof CommitStep.Poll poll)
        {
            poll(poll.partition(), poll.records());
        }
        else if (s instanceof CommitStep.Flush)
        {
            publish();
        }
        else if (s instanceof CommitStep.Ack ack)
        {
            finish(ack.pick(), true, false);
        }
        else if (s instanceof CommitStep.Reject reject)
        {
            finish(reject.pick(), false, true);
        }
        else if (s instanceof CommitStep.GiveUp giveUp)
        {
            finish(giveUp.pick(), false, false);
        }
        else if (s instanceof CommitStep.Fail)
        {
            fail("a poller failed");
        }
        else if (s instanceof CommitStep.Revoke revoke)
        {
            pollers.commitAndSeek(revoke.partition(), resumeFrom(revoke.partition()));
        }
        else
        {
            final long[] resume = resumePoints(); // every insert in flight dies unanswered
            for (int p = 0; p < resume.length; p++)
            {
                pollers.commitAndSeek(p, resume[p]);
            }
            start();
        }
    }

    /** As the batcher does: claims a slot for the first record, publishes the batch once it is full. */
    private void poll(final int partition, final int records)
    {
        for (int i = 0; i < records; i++)
        {
            if (open == null)
            {
                if (!ring.hasAvailableCapacity(1))
                {
                    return; // back-pressure: the poller waits, the record stays in Kafka
                }
                final long sequence = ring.next();
                ring.get(sequence).clear(0, ENCODERS);
                open = model.open(sequence);
            }
            final long offset = pollers.next(partition);
            pollers.advance(partition);
            final Batch batch = ring.get(open.sequence);
            batch.addRow(0, partition, offset, 0);
            batch.cover(partition, offset);
            open.records.add(offset);
            if (batch.rowCount() == BATCH_ROWS)
            {
                publish();
            }
        }
    }

    private void publish()
    {
        if (open != null)
        {
            ring.publish(open.sequence);
            open.published = true;
            open = null;
        }
    }

    /** As a writer does: fails the pipeline first if the server refused the rows, marks the batch, advances. */
    private void finish(final int pick, final boolean acknowledged, final boolean failPipeline)
    {
        final List<CommitModel.Entry> inFlight = model.inFlight();
        if (inFlight.isEmpty())
        {
            return;
        }
        final CommitModel.Entry entry = inFlight.get(pick % inFlight.size());
        if (failPipeline)
        {
            fail("insert FATAL");
        }
        ring.get(entry.sequence).finish(acknowledged);
        model.finish(entry, acknowledged, step);
        if (acknowledged)
        {
            stored().addAll(entry.records);
        }
        tracker.advance();
    }

    private void fail(final String reason)
    {
        failure.fail(reason);
        model.fail(step);
    }
}
