package io.ringest.engine;

import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

/**
 * Properties of {@link OffsetTracker} over a real batch ring under random orderings of polls, publishes,
 * acknowledgements, unacknowledged batches, pipeline failures, revokes and crashes ({@link CommitStep}), played by
 * {@link TrackerRig} and compared with {@link CommitModel}. A failing run is shrunk and printed with its seed.
 */
class OffsetTrackerPropertyTest
{
    private static final int TRIES = 1000;

    /** @see CommitInvariants#committableNeverPassesARecordNotStored */
    @Test
    void shouldNeverCommitPastARecordThatIsNotStored()
    {
        forAll(CommitInvariants::committableNeverPassesARecordNotStored, rig -> { });
    }

    /** @see CommitInvariants#committableOnlyMovesForward */
    @Test
    void shouldOnlyMoveCommittableForward()
    {
        forAll(CommitInvariants::committableOnlyMovesForward, rig -> { });
    }

    /** @see CommitInvariants#nothingCommittedPastAnUnacknowledgedBatchOrAFailure */
    @Test
    void shouldCommitNothingMoreOnceABatchIsNotAcknowledgedOrThePipelineFailed()
    {
        forAll(CommitInvariants::nothingCommittedPastAnUnacknowledgedBatchOrAFailure, rig -> { });
    }

    /** @see CommitInvariants#committableMatchesTheModel */
    @Test
    void shouldCommitExactlyWhatTheModelCommits()
    {
        forAll(CommitInvariants::committableMatchesTheModel, rig -> { });
    }

    /** @see CommitInvariants#crashLosesNothingAndReplaysOnlyWhatWasInFlight */
    @Test
    void shouldResumeAfterACrashWithoutLosingARecordAndReplayingOnlyWhatWasInFlight()
    {
        forAll(rig -> { }, rig -> CommitInvariants.crashLosesNothingAndReplaysOnlyWhatWasInFlight(rig, TrackerRig.SLOTS));
    }

    private static void forAll(final Consumer<CommitRig> afterEachStep, final Consumer<CommitRig> beforeEachCrash)
    {
        PropertyCheck.forAll(
            TRIES, CommitStep::random, CommitStep::simpler, steps -> new TrackerRig().play(steps, afterEachStep, beforeEachCrash));
    }
}
