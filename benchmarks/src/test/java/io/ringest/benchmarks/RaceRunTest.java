package io.ringest.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every expected figure below was worked out by hand from the cells, not by running the code. */
class RaceRunTest
{
    private static final String HEADER = "contender,round,logs,seconds,half_rows,half_seconds,ingester_cpu_s,server_cpu_s";

    private static RaceRun run(final String line)
    {
        final List<RaceRun> runs = RaceRun.parse(List.of(HEADER, line));
        assertEquals(1, runs.size());
        return runs.get(0);
    }

    @Test
    void shouldReadEveryLineByColumnNameSkippingBlankOnes()
    {
        final List<RaceRun> runs = RaceRun.parse(List.of(HEADER,
            "ringest,1,500000,2.5,250000,1.5,3.0,1.5", "", "  ", "naive-java,2,2000000,8,1000000,5,9,6"));
        assertEquals(2, runs.size());
        assertEquals("ringest", runs.get(0).contender());
        assertEquals(1, runs.get(0).round());
        assertEquals(500_000, runs.get(0).logs());
        assertEquals(1.5, runs.get(0).get("half_seconds"));
        assertEquals("naive-java", runs.get(1).contender());
        assertEquals(2, runs.get(1).round());
        assertEquals(2_000_000, runs.get(1).logs());
        assertEquals(6.0, runs.get(1).get("server_cpu_s"));
    }

    @Test
    void shouldTakeEmptyMissingAndUnknownCellsAsNotMeasured()
    {
        final RaceRun engine = run("kafka-engine,1,500000,5.0,250000,2.5,,4.0");
        assertTrue(Double.isNaN(engine.get("ingester_cpu_s")));
        assertTrue(Double.isNaN(engine.perLogMicros("ingester_cpu_s")));
        assertTrue(Double.isNaN(engine.get("no_such_column")));
        final RaceRun shortLine = run("raw-insert,1,500000,1.0,250000");
        assertTrue(Double.isNaN(shortLine.get("half_seconds")));
        assertTrue(Double.isNaN(shortLine.steadyRate()));
        assertEquals(500_000.0, shortLine.wholeRate(), 1e-9);
    }

    @Test
    void shouldRateTheWholeRunAsAllLogsOverAllSeconds()
    {
        // 500,000 logs in 2.5 s = 200,000 logs/s; 2,000,000 in 16 s = 125,000.
        assertEquals(200_000.0, run("ringest,1,500000,2.5,250000,1.5,3,1.5").wholeRate(), 1e-6);
        assertEquals(125_000.0, run("kafka-engine,1,2000000,16,1000000,8,,16").wholeRate(), 1e-6);
    }

    @Test
    void shouldRateTheSteadyStateAsTheRowsAfterHalfOverTheSecondsAfterHalf()
    {
        // Half-way was taken at 300,000 rows (not logs / 2) after 1.0 s of 2.0: 200,000 rows in 1.0 s.
        assertEquals(200_000.0, run("ringest,2,500000,2.0,300000,1.0,2.5,1.25").steadyRate(), 1e-6);
        // 240,000 rows in the last 0.8 s = 300,000 logs/s, while the whole run made 125,000.
        assertEquals(300_000.0, run("ringest,3,500000,4.0,260000,3.2,4.0,2.0").steadyRate(), 1e-6);
        // 1,000,000 rows in 3 s.
        assertEquals(333_333.333, run("ringest,1,2000000,8,1000000,5,9,6").steadyRate(), 1e-3);
    }

    @Test
    void shouldLeaveTheSteadyRateUnknownWhenTheLastHalfTookNoTime()
    {
        // All rows landed in one poll: half-way and the end are the same instant.
        assertTrue(Double.isNaN(run("ringest,1,500000,2.0,500000,2.0,2.5,1.25").steadyRate()));
    }

    @Test
    void shouldGiveCpuSecondsPerLogInMicroseconds()
    {
        // 3.0 s of CPU over 500,000 logs = 6 µs per log; 1.5 s = 3 µs; at 2,000,000 logs, 9 s = 4.5 µs.
        final RaceRun run = run("ringest,1,500000,2.5,250000,1.5,3.0,1.5");
        assertEquals(6.0, run.perLogMicros("ingester_cpu_s"), 1e-9);
        assertEquals(3.0, run.perLogMicros("server_cpu_s"), 1e-9);
        assertEquals(4.5, run("ringest,1,2000000,8,1000000,5,9,6").perLogMicros("ingester_cpu_s"), 1e-9);
    }
}
