package io.ringest.engine;

/** Closing many things at once, as Agrona's CloseHelper does. */
public final class Resources
{
    private Resources()
    {
    }

    /** Closes every resource; rethrows the first failure with the others suppressed. */
    public static void closeAll(final Iterable<? extends AutoCloseable> resources)
    {
        RuntimeException first = null;
        for (final AutoCloseable resource : resources)
        {
            try
            {
                if (resource != null)
                {
                    resource.close();
                }
            }
            catch (final Exception e)
            {
                if (first == null)
                {
                    first = new RuntimeException("close failed", e);
                }
                else
                {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null)
        {
            throw first;
        }
    }
}
