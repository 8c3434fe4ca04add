package io.ringest.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

/**
 * The commit properties of {@link OffsetTrackerPropertyTest}, all at once, on a real {@link Pipeline}: its batcher
 * forms the batches, its writers insert them through sinks the test answers ({@link PipelineRig}), and the tracker is
 * advanced from the writer threads in whatever order the test lets inserts finish. This adds what the tracker alone
 * does not show: that the batches hold the records in the order published, that a rejected insert fails the pipeline
 * before its batch counts as finished, and that a writer giving up leaves its batch unacknowledged.
 */
class PipelinePropertyTest
{
    private static final int TRIES = 100;
    private static final int MAX_STEPS = 30;

    /** Every commit property after every step, and the crash property at every crash. */
    @Test
    void shouldKeepEveryCommitPropertyWithRealThreads()
    {
        PropertyCheck.forAll(TRIES, PipelinePropertyTest::steps, CommitStep::simpler, steps -> new PipelineRig().play(steps, rig ->
        {
            CommitInvariants.committableNeverPassesARecordNotStored(rig);
            CommitInvariants.committableOnlyMovesForward(rig);
            CommitInvariants.nothingCommittedPastAnUnacknowledgedBatchOrAFailure(rig);
            CommitInvariants.committableMatchesTheModel(rig);
        }, rig -> CommitInvariants.crashLosesNothingAndReplaysOnlyWhatWasInFlight(rig, PipelineRig.SLOTS)));
    }

    private static List<CommitStep> steps(final Random random)
    {
        final List<CommitStep> steps = CommitStep.random(random);
        return steps.subList(0, Math.min(MAX_STEPS, steps.size()));
    }
}
