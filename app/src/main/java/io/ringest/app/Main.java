package io.ringest.app;

import io.ringest.engine.ConfigException;

/** {@code ringest --config FILE [key=value ...]}: runs until SIGTERM or Ctrl-C, then stops cleanly and exits 0. */
public final class Main
{
    public static void main(final String[] args)
    {
        final RingestConfig config;
        try
        {
            config = RingestConfig.fromArgs(args);
        }
        catch (final ConfigException e)
        {
            Ringest.log("ERROR " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(Ringest.run(config));
    }
}
