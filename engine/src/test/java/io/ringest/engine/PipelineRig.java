package io.ringest.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays {@link CommitStep}s on a real {@link Pipeline}, threads and all: the rig publishes records into the ring as
 * the pollers do, and decides each insert of the {@link GatedSink}s, which makes the writers' finishing order the
 * test's. After every step it waits until the pipeline has settled where the {@link CommitModel} says it must: the
 * batches formed (every {@value #BATCH_ROWS} records; the linger never expires), the writers holding the inserts they
 * should, the tracker walked over the finished batches. A {@code Flush} step does nothing here; a {@code GiveUp} is an
 * insert answered {@code RETRY} while a stop has run out of time.
 */
final class PipelineRig extends CommitRig
{
    static final int WRITERS = 2;
    static final int BATCH_ROWS = 3;
    private static final byte[] VALUE = "{}".getBytes();
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final PipelineConfig CONFIG = new PipelineConfig(
        1024, 64, WRITERS, BATCH_ROWS, 1024, TimeUnit.SECONDS.toNanos(600), CommitStep.PARTITIONS, 1_000_000,
        TimeUnit.SECONDS.toNanos(10), WaitMode.BLOCKING, 1000, 100);
    static final int SLOTS = CONFIG.batchSlots();

    private final List<GatedSink> sinks = new ArrayList<>();
    private PipelineFailure failure;
    private Pipeline pipeline;
    private CommitModel.Entry filling;
    /**
     * Once the pipeline fails or aborts the batcher starts no new batch: the last batch it could have started by then,
     * or {@code Long.MAX_VALUE} while the pipeline runs.
     */
    private long lastStartable;

    PipelineRig()
    {
        super(TestRows.concurrentSet());
        start();
    }

    @Override
    long committable(final int partition)
    {
        return pipeline.offsets().committable(partition);
    }

    private void start()
    {
        failure = new PipelineFailure(log::add);
        sinks.clear();
        for (int i = 0; i < WRITERS; i++)
        {
            sinks.add(new GatedSink(stored()));
        }
        pipeline = new Pipeline(
            CONFIG, new TestRows.OffsetEncoder(), new ArrayList<>(sinks), new TestRows.RecordingDeadLetters(), failure, "test-writer");
        pipeline.start();
        filling = null;
        lastStartable = Long.MAX_VALUE;
        newLife();
    }

    @Override
    void apply(final CommitStep s)
    {
        if (s instanceof CommitStep.Poll poll)
        {
            poll(poll.partition(), poll.records());
        }
        else if (s instanceof CommitStep.Ack ack)
        {
            decide(ack.pick(), InsertOutcome.ACKNOWLEDGED);
        }
        else if (s instanceof CommitStep.Reject reject)
        {
            decide(reject.pick(), InsertOutcome.FATAL);
        }
        else if (s instanceof CommitStep.GiveUp giveUp)
        {
            decide(giveUp.pick(), InsertOutcome.RETRY);
        }
        else if (s instanceof CommitStep.Fail)
        {
            freeze();
            failure.fail("a poller failed");
            model.fail(step);
        }
        else if (s instanceof CommitStep.Revoke revoke)
        {
            pollers.commitAndSeek(revoke.partition(), resumeFrom(revoke.partition()));
        }
        else if (s instanceof CommitStep.Crash)
        {
            final long[] resume = resumePoints();
            close();
            for (int p = 0; p < resume.length; p++)
            {
                pollers.commitAndSeek(p, resume[p]);
            }
            start();
        }
        settle();
    }

    private void poll(final int partition, final int records)
    {
        for (int i = 0; i < records; i++)
        {
            final long offset = pollers.next(partition);
            pollers.advance(partition);
            TestRows.publish(pipeline, partition, offset, VALUE);
            if (filling == null)
            {
                filling = model.open(model.entries().size());
            }
            filling.records.add(offset);
            if (filling.records.size() == BATCH_ROWS)
            {
                filling = null;
            }
        }
    }

    /** Answers the {@code pick}-th insert waiting (mod their number), as its server would. */
    private void decide(final int pick, final InsertOutcome outcome)
    {
        final List<CommitModel.Entry> waiting = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++)
        {
            final CommitModel.Entry entry = heldBy(w);
            if (entry != null)
            {
                waiting.add(entry);
            }
        }
        if (waiting.isEmpty())
        {
            return;
        }
        final CommitModel.Entry entry = waiting.get(pick % waiting.size());
        if (outcome != InsertOutcome.ACKNOWLEDGED)
        {
            freeze();
        }
        if (outcome == InsertOutcome.FATAL)
        {
            model.fail(step);
        }
        if (outcome == InsertOutcome.RETRY)
        {
            failure.abort();
        }
        model.finish(entry, outcome == InsertOutcome.ACKNOWLEDGED, step);
        sinks.get((int)(entry.sequence % WRITERS)).decide(outcome);
    }

    /** The batch whose insert writer {@code w} holds: its first published batch not finished yet, or null. */
    private CommitModel.Entry heldBy(final int w)
    {
        for (final CommitModel.Entry e : model.entries())
        {
            if (e.sequence % WRITERS == w && e.published && !e.finished)
            {
                return e;
            }
        }
        return null;
    }

    /** Notes, at the first failure or abort, the last batch the batcher can have started: one with a free slot. */
    private void freeze()
    {
        if (lastStartable != Long.MAX_VALUE)
        {
            return;
        }
        lastStartable = -1;
        for (final CommitModel.Entry e : model.entries())
        {
            if (e.sequence <= model.passed() + SLOTS)
            {
                lastStartable = Math.max(lastStartable, e.sequence);
            }
        }
    }

    /** Waits until the pipeline is where the model says; fails if it does not get there. */
    private void settle()
    {
        long lastPublished = -1;
        for (final CommitModel.Entry e : model.entries())
        {
            e.published = e.records.size() == BATCH_ROWS && e.sequence <= model.passed() + SLOTS && e.sequence <= lastStartable;
            lastPublished = e.published ? e.sequence : lastPublished;
        }
        final long deadline = System.nanoTime() + SETTLE_NANOS;
        while (!settled(lastPublished))
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("the pipeline did not settle: tracker at " + pipeline.offsets().sequence().get()
                    + ", " + pipeline.batchesInFlight() + " batches in flight, inserts waiting " + sinks.stream()
                    .map(s -> s.calls + ":" + s.waiting).toList() + ", failed " + failure.isFailed() + "; expected " + model);
            }
            LockSupport.parkNanos(50_000);
        }
    }

    private boolean settled(final long lastPublished)
    {
        final long tracked = pipeline.offsets().sequence().get();
        // The batcher has taken every record, or waits for a batch slot with every slot in flight.
        if (!(pipeline.batcherCaughtUp() || pipeline.batchesInFlight() >= SLOTS) || tracked != model.passed() || tracked + pipeline.batchesInFlight() != lastPublished
            || failure.isFailed() != model.failed())
        {
            return false;
        }
        for (int w = 0; w < WRITERS; w++)
        {
            final CommitModel.Entry held = heldBy(w);
            int calls = 0;
            for (final CommitModel.Entry e : model.entries())
            {
                calls += e.sequence % WRITERS == w && e.published && (e.finished || e == held) ? 1 : 0;
            }
            final GatedSink sink = sinks.get(w);
            final List<Long> waiting = sink.waiting;
            if (sink.calls != calls || (held == null ? waiting != null : !held.records.equals(waiting)))
            {
                return false;
            }
        }
        return true;
    }

    /** Every insert in flight dies unanswered, then the pipeline stops. */
    @Override
    public void close()
    {
        sinks.forEach(GatedSink::kill);
        try
        {
            pipeline.drain(TimeUnit.SECONDS.toNanos(10));
            pipeline.close();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
