package io.ringest.clickhouse;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads ClickHouse {@code TabSeparated} output: rows end with {@code \n}, fields are split by {@code \t},
 * and tabs, newlines, backslashes and quotes inside a field are backslash-escaped. Stateless; for start-up reads only.
 */
final class TabSeparated
{
    private TabSeparated()
    {
    }

    /** Splits {@code body} into rows of unescaped fields; a trailing newline does not make an empty row. */
    static List<List<String>> rows(final String body)
    {
        final List<List<String>> rows = new ArrayList<>();
        int start = 0;
        while (start < body.length())
        {
            int end = body.indexOf('\n', start);
            if (end < 0)
            {
                end = body.length();
            }
            final List<String> fields = new ArrayList<>();
            for (final String raw : body.substring(start, end).split("\t", -1))
            {
                fields.add(unescape(raw));
            }
            rows.add(fields);
            start = end + 1;
        }
        return rows;
    }

    /** Undoes ClickHouse's escaping: {@code \t \n \r \b \f \0 \\ \'} and {@code \xHH}; any other {@code \c} reads as {@code c}. */
    static String unescape(final String field)
    {
        if (field.indexOf('\\') < 0)
        {
            return field;
        }
        final StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++)
        {
            final char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length())
            {
                out.append(c);
                continue;
            }
            final char next = field.charAt(++i);
            switch (next)
            {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case '0' -> out.append('\0');
                case 'x' ->
                {
                    if (i + 2 < field.length() && isHex(field.charAt(i + 1)) && isHex(field.charAt(i + 2)))
                    {
                        out.append((char)Integer.parseInt(field.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                    else
                    {
                        out.append('x');
                    }
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    private static boolean isHex(final char c)
    {
        return Character.digit(c, 16) >= 0;
    }
}
