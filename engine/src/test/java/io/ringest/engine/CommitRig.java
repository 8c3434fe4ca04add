package io.ringest.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Plays {@link CommitStep}s on the real offset tracker, alone ({@link TrackerRig}) or inside a pipeline
 * ({@link PipelineRig}), with a {@link CommitModel} of each life beside it; what the commit properties
 * ({@link CommitInvariants}) look at after a step. The pollers, Kafka and the stored records outlive a crash.
 */
abstract class CommitRig implements AutoCloseable
{
    final Pollers pollers = new Pollers();
    final List<String> log = new CopyOnWriteArrayList<>();
    private final Set<Long> stored;
    private final long[] previous = new long[CommitStep.PARTITIONS];
    CommitModel model;
    /** The step being played, counted from 0 over all lives. */
    int step;

    CommitRig(final Set<Long> stored)
    {
        this.stored = stored;
    }

    /** The real tracker's committable offset for the partition. */
    abstract long committable(int partition);

    /** Plays one step on the real classes and the model; returns once the real ones have got where the model is. */
    abstract void apply(CommitStep step);

    /**
     * Plays the steps; {@code afterEachStep} checks the rig after every step, {@code beforeEachCrash} at every crash
     * before the restart. Either throws an {@link AssertionError} to falsify the property.
     */
    final void play(
        final List<CommitStep> steps, final Consumer<CommitRig> afterEachStep, final Consumer<CommitRig> beforeEachCrash)
    {
        try (CommitRig rig = this)
        {
            for (final CommitStep s : steps)
            {
                if (s instanceof CommitStep.Crash)
                {
                    beforeEachCrash.accept(rig);
                }
                apply(s);
                afterEachStep.accept(rig);
                for (int p = 0; p < CommitStep.PARTITIONS; p++)
                {
                    previous[p] = committable(p);
                }
                step++;
            }
        }
    }

    /** Starts the model of a new life, whose pollers read on from what Kafka has committed. */
    final void newLife()
    {
        model = new CommitModel();
        Arrays.fill(previous, OffsetTracker.NONE);
        for (int p = 0; p < CommitStep.PARTITIONS; p++)
        {
            pollers.commitAndSeek(p, pollers.committed(p));
        }
    }

    /** What {@link #committable} was after the previous step of this life, or {@link OffsetTracker#NONE}. */
    final long previous(final int partition)
    {
        return previous[partition];
    }

    /** Where a restart now would resume the partition: what is committable, or else what Kafka already has. */
    final long resumeFrom(final int partition)
    {
        return Math.max(pollers.committed(partition), committable(partition));
    }

    /** Every partition's {@link #resumeFrom}, read at one moment. */
    final long[] resumePoints()
    {
        final long[] resume = new long[CommitStep.PARTITIONS];
        for (int p = 0; p < resume.length; p++)
        {
            resume[p] = resumeFrom(p);
        }
        return resume;
    }

    /** Every record stored so far, over all lives: the sink's contents. */
    final Set<Long> stored()
    {
        return stored;
    }

    @Override
    public void close()
    {
    }
}
