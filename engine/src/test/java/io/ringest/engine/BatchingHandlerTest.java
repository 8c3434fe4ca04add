package io.ringest.engine;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The batching thread driven on the test's thread, over a batch ring whose writers the test plays. */
class BatchingHandlerTest
{
    private static final int BATCH_ROWS = 3;
    private static final int SLOTS = 4;
    private static final byte[] VALUE = "{}".getBytes();
    private static final PipelineConfig CONFIG = new PipelineConfig(
        64, 64, SLOTS / 2, BATCH_ROWS, 1024, TimeUnit.SECONDS.toNanos(600), 1, 1_000_000, TimeUnit.SECONDS.toNanos(10),
        WaitMode.BLOCKING, 1000, 100);

    private final PipelineFailure failure = new PipelineFailure(message -> { });
    private final RingBuffer<Batch> batches =
        RingBuffer.createSingleProducer(() -> new Batch(1, 64, BATCH_ROWS, 1), SLOTS, new BlockingWaitStrategy());
    private final BatchingHandler batcher = new BatchingHandler(Router.SINGLE,
        List.of(new Route(Route.DEFAULT, new TestRows.OffsetEncoder(), List.of())), batches, new Backlog(), CONFIG, failure);
    private final LogEvent event = new LogEvent(64);
    private long offset;

    /**
     * A writer fails the pipeline, then frees its slot; here both happen just as the waiting batcher tries for a slot
     * again, after it last saw the pipeline running. It must see the failure with the slot and start no batch (the
     * batcher once checked only before trying, and started one; found by {@link PipelinePropertyTest}).
     */
    @Test
    void shouldStartNoBatchInASlotFreedByAWriterThatFailedThePipeline()
    {
        final AtomicBoolean writerFailing = new AtomicBoolean();
        batches.addGatingSequences(new Sequence()
        {
            @Override
            public long get()
            {
                if (writerFailing.compareAndSet(true, false))
                {
                    failure.fail("insert of batch 0 FATAL");
                    set(0);
                }
                return super.get();
            }
        });
        publish(SLOTS * BATCH_ROWS);
        assertEquals(SLOTS - 1, batches.getCursor());

        writerFailing.set(true);
        publish(BATCH_ROWS);

        assertEquals(SLOTS - 1, batches.getCursor(), "a batch was published after the pipeline failed");
    }

    private void publish(final int records)
    {
        for (int i = 0; i < records; i++)
        {
            event.set("t", 0, 0, offset, 0, VALUE);
            batcher.onEvent(event, offset++, false);
        }
    }
}
