package io.ringest.clickhouse.encode;

import io.ringest.engine.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nested paths in mappings: dots go into objects, a quoted key keeps its dots. */
class FieldPathTest
{
    @Test
    void shouldSplitAtDotsOutsideQuotes()
    {
        assertEquals(List.of("http", "response", "status"), FieldPath.parse("k", "http.response.status").segments());
        assertEquals(List.of("service.name"), FieldPath.parse("k", "\"service.name\"").segments());
        assertEquals(List.of("resource", "k8s.pod.name"), FieldPath.parse("k", "resource.\"k8s.pod.name\"").segments());
        assertEquals(List.of("a\"b"), FieldPath.parse("k", "a\"b").segments());
        assertEquals(List.of("x.y"), FieldPath.literal("x.y").segments());
    }

    @Test
    void shouldRefuseMalformedPathsNamingTheKey()
    {
        for (final String text : new String[] {"a..b", ".a", "a.", "\"a", "\"a\"b"})
        {
            final ConfigException e = assertThrows(ConfigException.class, () -> FieldPath.parse("mapping.c", text), text);
            assertTrue(e.getMessage().startsWith("mapping.c must be a JSON key or a dotted path of keys"), e.getMessage());
        }
    }

    private final JsonRowEncoder encoder = new JsonRowEncoder(ColumnPlan.fromConfig(Rows.columns(
        "status", "UInt16", "pod", "String", "svc", "String", "http", "String", "deep", "Nullable(Int8)"),
        Map.of("mapping.status", "http.response.status", "mapping.pod", "resource.\"k8s.pod.name\"",
            "mapping.svc", "\"service.name\"", "mapping.deep", "a.b.c"), false));

    @Test
    void shouldReadValuesFromNestedObjects()
    {
        final String http = "{\"response\" : {\"status\":502}}";
        final byte[] row = Rows.encode(encoder, "{\"http\":" + http + ",\"resource\":{\"k8s\":{\"pod\":1},"
            + "\"k8s.pod.name\":\"p-1\"},\"service.name\":\"s1\",\"a\":{\"b\":{\"c\":3,\"\\u0063\":5}}}");
        final byte[] expected = new byte[row.length];
        final byte[] head = Rows.bytes(0xF6, 0x01, 3, 'p', '-', '1', 2, 's', '1', http.length());
        System.arraycopy(head, 0, expected, 0, head.length);
        System.arraycopy(http.getBytes(), 0, expected, head.length, http.length());
        expected[row.length - 2] = 0;
        expected[row.length - 1] = 5;
        assertArrayEquals(expected, row);
    }

    @Test
    void shouldLeaveAColumnAbsentWhenItsPathIsBroken()
    {
        final byte[] zeros = Rows.bytes(0, 0, 0, 0, 0, 1);
        assertArrayEquals(zeros, Rows.encode(encoder, "{\"http\":null,\"a\":{\"b\":7}}"));
        assertArrayEquals(zeros, Rows.encode(encoder, "{\"resource\":[1],\"a\":{\"x\":{\"c\":1}}}"));
        assertArrayEquals(zeros, Rows.encode(encoder, "{\"service\":{\"name\":\"not the dotted key\"}}"));
    }
}
