package io.ringest.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs one JMH benchmark method in a plain loop and reports the thread's own CPU time per call, the lowest and the
 * median of 21 rounds after 10 warm-up rounds. On a box shared with other work, wall-clock scores (JMH's) swing by a
 * factor of two with what else runs; CPU time counts only this thread's cycles, so two builds compared one after the
 * other differ by what changed. Found by reflection, so a jar of an older revision runs it too
 * ({@code scripts/encode-cpu.sh}):
 * <pre>
 *   java -cp benchmarks.jar io.ringest.benchmarks.CpuPerOp io.ringest.benchmarks.EncodeBenchmark ringest schema=V18_16 payload=TYPICAL
 * </pre>
 */
public final class CpuPerOp
{
    private static final int CALLS_PER_ROUND = 200_000;

    private CpuPerOp()
    {
    }

    /** {@code args}: the benchmark class, its method, then {@code field=value} for each {@code @Param}. */
    public static void main(final String[] args) throws ReflectiveOperationException
    {
        final Class<?> type = Class.forName(args[0]);
        final Object benchmark = type.getDeclaredConstructor().newInstance();
        for (int i = 2; i < args.length; i++)
        {
            final String[] param = args[i].split("=", 2);
            final Field field = Arrays.stream(type.getFields()).filter(f -> f.getName().equals(param[0])).findFirst()
                .orElse(null);
            if (field == null)
            {
                System.out.println("(" + type.getSimpleName() + " of this build has no " + param[0] + ": its default is used)");
                continue;
            }
            field.set(benchmark, field.getType().isEnum() ? enumValue(field.getType(), param[1]) : param[1]);
        }
        type.getMethod("setUp").invoke(benchmark);
        final Method op = type.getMethod(args[1]);
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final double[] nanosPerCall = new double[21];
        long sink = 0;
        for (int round = -10; round < nanosPerCall.length; round++)
        {
            final long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < CALLS_PER_ROUND; i++)
            {
                sink += ((Number)op.invoke(benchmark)).longValue();
            }
            if (round >= 0)
            {
                nanosPerCall[round] = (threads.getCurrentThreadCpuTime() - start) / (double)CALLS_PER_ROUND;
            }
        }
        Arrays.sort(nanosPerCall);
        System.out.printf("%s.%s %s: min %.1f ns, median %.1f ns CPU per call (%.2fM calls/s at the min)%s%n",
            type.getSimpleName(), args[1], String.join(" ", Arrays.copyOfRange(args, 2, args.length)), nanosPerCall[0],
            nanosPerCall[nanosPerCall.length / 2], 1e3 / nanosPerCall[0], sink == 42 ? " " : "");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(final Class<?> type, final String name)
    {
        return Enum.valueOf((Class)type, name);
    }
}
