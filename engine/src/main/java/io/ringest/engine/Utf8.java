package io.ringest.engine;

/**
 * UTF-8 straight from a {@code String}'s chars into a reused array, without the array {@code getBytes} allocates.
 * Gives the bytes {@code getBytes(UTF_8)} gives, an unpaired surrogate included (as {@code ?}).
 */
final class Utf8
{
    private Utf8()
    {
    }

    /** The number of bytes {@code s} takes as UTF-8. */
    static int length(final String s)
    {
        int length = 0;
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c < 0x80)
            {
                length++;
            }
            else if (c < 0x800)
            {
                length += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
            {
                length += 4;
                i++;
            }
            else
            {
                length += Character.isSurrogate(c) ? 1 : 3;
            }
        }
        return length;
    }

    /** Writes {@code s} as UTF-8 from {@code at}, which {@link #length} said fits; returns the end. */
    static int encode(final String s, final byte[] out, final int at)
    {
        int o = at;
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c < 0x80)
            {
                out[o++] = (byte)c;
            }
            else if (c < 0x800)
            {
                out[o++] = (byte)(0xC0 | c >> 6);
                out[o++] = (byte)(0x80 | c & 0x3F);
            }
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
            {
                final int cp = Character.toCodePoint(c, s.charAt(++i));
                out[o++] = (byte)(0xF0 | cp >> 18);
                out[o++] = (byte)(0x80 | cp >> 12 & 0x3F);
                out[o++] = (byte)(0x80 | cp >> 6 & 0x3F);
                out[o++] = (byte)(0x80 | cp & 0x3F);
            }
            else if (Character.isSurrogate(c))
            {
                out[o++] = '?';
            }
            else
            {
                out[o++] = (byte)(0xE0 | c >> 12);
                out[o++] = (byte)(0x80 | c >> 6 & 0x3F);
                out[o++] = (byte)(0x80 | c & 0x3F);
            }
        }
        return o;
    }
}
