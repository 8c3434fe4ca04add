package io.ringest.clickhouse;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TabSeparatedTest
{
    @Test
    void shouldUnescapeClickHouseEscapes()
    {
        assertEquals("a\tb\nc\\d'e", TabSeparated.unescape("a\\tb\\nc\\\\d\\'e"));
        assertEquals("Enum8('info' = 1, 'warn' = 2)", TabSeparated.unescape("Enum8(\\'info\\' = 1, \\'warn\\' = 2)"));
        assertEquals("plain", TabSeparated.unescape("plain"));
        assertEquals("\0\r\b\f", TabSeparated.unescape("\\0\\r\\b\\f"));
        assertEquals("A", TabSeparated.unescape("\\x41"));
        assertEquals("trailing\\", TabSeparated.unescape("trailing\\"));
    }

    @Test
    void shouldSplitRowsAndFields()
    {
        // DESCRIBE TABLE output of 18.16: name, type, default_type, default_expression, comment_expression
        final String body = "ts\tDateTime\t\t\t\n" +
            "msg\tString\tDEFAULT\t\\'a\\\\tb\\'\t\n";
        final List<List<String>> rows = TabSeparated.rows(body);
        assertEquals(2, rows.size());
        assertEquals(List.of("ts", "DateTime", "", "", ""), rows.get(0));
        assertEquals(List.of("msg", "String", "DEFAULT", "'a\\tb'", ""), rows.get(1));
        assertEquals(List.of(), TabSeparated.rows(""));
    }
}
