package io.ringest.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Logs (or rows) stored, reported by JMH as the secondary result {@code logs} per second of measurement. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class LogCounter
{
    public long logs;

    @Setup(Level.Iteration)
    public void reset()
    {
        logs = 0;
    }
}
