package io.ringest.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A small property-based test runner on plain JUnit 5: checks a property against many random step sequences and,
 * when one fails, shrinks it (dropping runs of steps, then simplifying single steps; for a minute at most) to a short
 * sequence that still fails, and reports that with the seed of the run. {@code -Dringest.seed=N} replays a run; without it every run
 * draws a new seed, so the properties keep exploring.
 */
final class PropertyCheck
{
    private static final int MAX_SHRINK_RUNS = 20_000;
    private static final long MAX_SHRINK_NANOS = 60_000_000_000L;

    private PropertyCheck()
    {
    }

    /**
     * @param generator draws one sequence of steps
     * @param simpler   for one step, the simpler steps to try in its place while shrinking
     * @param property  runs the steps; throws an {@link AssertionError} if the property does not hold
     */
    static <S> void forAll(
        final int tries, final Function<Random, List<S>> generator, final Function<S, List<S>> simpler,
        final Consumer<List<S>> property)
    {
        final long seed = Long.getLong("ringest.seed", new Random().nextLong());
        final Random random = new Random(seed);
        for (int i = 1; i <= tries; i++)
        {
            final List<S> steps = generator.apply(random);
            final Throwable failure = failure(property, steps);
            if (failure != null)
            {
                final Falsified<S> shrunk = shrink(new Falsified<>(steps, failure), simpler, property);
                throw new AssertionError("falsified at try " + i + " of " + tries + " (-Dringest.seed=" + seed
                    + "), shrunk from " + steps.size() + " to " + shrunk.steps.size() + " steps:\n    "
                    + shrunk.steps.stream().map(String::valueOf).collect(Collectors.joining("\n    ")) + "\n" + shrunk.why,
                    shrunk.why);
            }
        }
    }

    /**
     * Steps and the failure they caused. The failure is kept rather than found again by replaying the steps: a property
     * over threads may fail only on some runs.
     */
    private record Falsified<S>(List<S> steps, Throwable why)
    {
    }

    private static <S> Falsified<S> shrink(
        final Falsified<S> failing, final Function<S, List<S>> simpler, final Consumer<List<S>> property)
    {
        final long deadline = System.nanoTime() + MAX_SHRINK_NANOS;
        Falsified<S> current = failing;
        int runs = 0;
        boolean progress = true;
        while (progress && runs < MAX_SHRINK_RUNS && System.nanoTime() - deadline < 0)
        {
            progress = false;
            final List<S> steps = current.steps;
            for (int chunk = Math.max(1, steps.size() / 2); chunk >= 1 && !progress; chunk /= 2)
            {
                for (int from = 0; from + chunk <= steps.size() && !progress; from += chunk)
                {
                    final List<S> candidate = new ArrayList<>(steps.subList(0, from));
                    candidate.addAll(steps.subList(from + chunk, steps.size()));
                    runs++;
                    final Throwable why = failure(property, candidate);
                    if (why != null)
                    {
                        current = new Falsified<>(candidate, why);
                        progress = true;
                    }
                }
            }
            for (int i = 0; i < steps.size() && !progress; i++)
            {
                for (final S step : simpler.apply(steps.get(i)))
                {
                    final List<S> candidate = new ArrayList<>(steps);
                    candidate.set(i, step);
                    runs++;
                    final Throwable why = failure(property, candidate);
                    if (why != null)
                    {
                        current = new Falsified<>(candidate, why);
                        progress = true;
                        break;
                    }
                }
            }
        }
        return current;
    }

    private static <S> Throwable failure(final Consumer<List<S>> property, final List<S> steps)
    {
        try
        {
            property.accept(steps);
            return null;
        }
        catch (final AssertionError | RuntimeException e)
        {
            return e;
        }
    }
}
