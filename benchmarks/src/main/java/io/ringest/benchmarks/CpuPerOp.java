package io.ringest.benchmarks;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * Runs one JMH benchmark method in a plain loop and reports the thread's own CPU time per call, the lowest and the
 * median of 21 rounds after 10 warm-up rounds. On a box shared with other work, wall-clock scores (JMH's) swing by a
 * factor of two with what else runs; CPU time counts only this thread's cycles, so two builds compared one after the
 * other differ by what changed. The method is called through an {@link IntSupplier} made for it, not
 * {@code Method.invoke}, whose reflection and boxing of the result would count as a tenth of the call. Found by
 * reflection, so a jar of an older revision runs it too
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
    public static void main(final String[] args) throws Throwable
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
        final IntSupplier op = supplier(benchmark, type.getMethod(args[1]));
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final double[] nanosPerCall = new double[21];
        long sink = 0;
        for (int round = -10; round < nanosPerCall.length; round++)
        {
            final long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < CALLS_PER_ROUND; i++)
            {
                sink += op.getAsInt();
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

    /** {@code benchmark.method()} as an IntSupplier the JIT inlines: the benchmark methods return the rows' size. */
    private static IntSupplier supplier(final Object benchmark, final Method method) throws Throwable
    {
        final MethodHandles.Lookup lookup = MethodHandles.lookup();
        final MethodHandle target = lookup.unreflect(method);
        return (IntSupplier)LambdaMetafactory.metafactory(lookup, "getAsInt", MethodType.methodType(IntSupplier.class,
            method.getDeclaringClass()), MethodType.methodType(int.class), target, MethodType.methodType(int.class))
            .getTarget().invoke(benchmark);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(final Class<?> type, final String name)
    {
        return Enum.valueOf((Class)type, name);
    }
}
