package io.ringest.engine;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The commit properties, each checked on a {@link CommitRig} after a step (or, for a crash, before it). */
final class CommitInvariants
{
    private CommitInvariants()
    {
    }

    /**
     * Safety: every record of a partition below its committable offset is stored (in this life or an earlier one), so
     * a record whose batch was not acknowledged is never passed.
     */
    static void committableNeverPassesARecordNotStored(final CommitRig rig)
    {
        for (int p = 0; p < CommitStep.PARTITIONS; p++)
        {
            assertStoredBelow(rig, p, rig.committable(p), "committable");
        }
    }

    /** Within one life of the tracker, a partition's committable offset never goes back. */
    static void committableOnlyMovesForward(final CommitRig rig)
    {
        for (int p = 0; p < CommitStep.PARTITIONS; p++)
        {
            if (rig.committable(p) < rig.previous(p))
            {
                fail("partition " + p + " went back from " + rig.previous(p) + " to " + rig.committable(p) + "; " + rig.model);
            }
        }
    }

    /**
     * Once a batch is finished unacknowledged, nothing at or after it is committed: a partition's committable offset
     * stays within what the batches before it cover. Once the pipeline has failed, the committable offsets freeze.
     */
    static void nothingCommittedPastAnUnacknowledgedBatchOrAFailure(final CommitRig rig)
    {
        final CommitModel model = rig.model;
        final CommitModel.Entry unacknowledged = model.firstUnacknowledged();
        for (int p = 0; p < CommitStep.PARTITIONS; p++)
        {
            final long committable = rig.committable(p);
            if (unacknowledged != null && committable > model.coveredBefore(unacknowledged, p))
            {
                fail("partition " + p + " committable " + committable + " passes " + unacknowledged + "; " + model);
            }
            if (model.failed() && committable != rig.previous(p))
            {
                fail("partition " + p + " moved from " + rig.previous(p) + " to " + committable + " after " + rig.log);
            }
        }
    }

    /** Liveness as well as safety: the tracker commits exactly what the reference model does. */
    static void committableMatchesTheModel(final CommitRig rig)
    {
        final long[] committable = new long[CommitStep.PARTITIONS];
        for (int p = 0; p < committable.length; p++)
        {
            committable[p] = rig.committable(p);
        }
        assertEquals(Arrays.toString(rig.model.committable()), Arrays.toString(committable), () -> "committable; " + rig.model);
    }

    /**
     * A crash now loses nothing and replays only what was in flight. Resuming each partition from what was
     * committable, every record before the resume point is stored; and every stored record at or after it (which the
     * restart stores again) was in a batch the tracker had not committed yet, or is a duplicate left by an earlier
     * crash or revoke that this life has not read again. While nothing failed, the batches published and not committed
     * are at most the {@code slots} of the batch ring, which bounds the duplicates.
     */
    static void crashLosesNothingAndReplaysOnlyWhatWasInFlight(final CommitRig rig, final int slots)
    {
        final CommitModel model = rig.model;
        for (int p = 0; p < CommitStep.PARTITIONS; p++)
        {
            final long resume = rig.resumeFrom(p);
            assertStoredBelow(rig, p, resume, "resume point");
            for (final CommitModel.Entry e : model.committed())
            {
                for (final long record : e.records)
                {
                    if (Pollers.partitionOf(record) == p && record >= resume && record <= e.covered(p))
                    {
                        fail("partition " + p + " resumes at " + resume + ", so " + record + " of committed " + e
                            + " is stored again; " + model);
                    }
                }
            }
        }
        final long uncommitted = model.entries().stream().filter(e -> e.published).count() - model.committed().size();
        assertTrue(model.failed() || model.firstUnacknowledged() != null || uncommitted <= slots,
            () -> "more batches published and not committed than slots: " + model);
    }

    private static void assertStoredBelow(final CommitRig rig, final int partition, final long limit, final String what)
    {
        for (int i = 0; Pollers.offset(partition, i) < limit; i++)
        {
            final long record = Pollers.offset(partition, i);
            if (!rig.stored().contains(record))
            {
                fail("partition " + partition + " " + what + " " + limit + " passes " + record + ", which is not stored; "
                    + rig.model);
            }
        }
    }
}
