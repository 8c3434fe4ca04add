package io.ringest.devtools;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line pairs of the tools (load generator, coverage check). */
final class Args
{
    private Args()
    {
    }

    /** The pairs by name without the dashes; fails naming what is wrong when a pair is malformed or a required name missing. */
    static Map<String, String> parse(final String[] argv, final String... required)
    {
        final Map<String, String> args = new HashMap<>();
        for (int i = 0; i < argv.length; i += 2)
        {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length)
            {
                throw new IllegalArgumentException("expected --name value pairs, got " + String.join(" ", argv));
            }
            args.put(argv[i].substring(2), argv[i + 1]);
        }
        for (final String name : required)
        {
            if (!args.containsKey(name))
            {
                throw new IllegalArgumentException("--" + name + " is required");
            }
        }
        return args;
    }
}
