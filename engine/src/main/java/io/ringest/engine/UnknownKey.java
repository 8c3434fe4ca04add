package io.ringest.engine;

import java.util.Collection;

/**
 * The error for a setting that nothing reads: it names the key and, when a valid key is a few edits away, that key
 * (a swap of two neighbouring characters counts as one edit). Stateless.
 */
public final class UnknownKey
{
    private UnknownKey()
    {
    }

    /** {@code unknown setting 'key'; did you mean 'nearest'?}, or {@code otherwise} after the key when nothing is near. */
    public static ConfigException error(final String key, final Collection<String> valid, final String otherwise)
    {
        final String nearest = nearest(key, valid);
        return new ConfigException("unknown setting '" + key + "'; " +
            (nearest == null ? otherwise : "did you mean '" + nearest + "'?"));
    }

    /** The valid key fewest edits from {@code key} (the first of a tie), or null when none is within max(2, length / 6). */
    static String nearest(final String key, final Collection<String> valid)
    {
        String nearest = null;
        int best = Math.max(2, key.length() / 6) + 1;
        for (final String candidate : valid)
        {
            final int d = distance(key, candidate);
            if (d < best)
            {
                best = d;
                nearest = candidate;
            }
        }
        return nearest;
    }

    /** Edits (insert, delete, replace, swap of neighbours) that turn {@code a} into {@code b}. */
    static int distance(final String a, final String b)
    {
        final int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++)
        {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++)
        {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            for (int j = 1; j <= b.length(); j++)
            {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1))
                {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
