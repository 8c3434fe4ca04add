package io.ringest.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonWriterTest
{
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void shouldWriteWhatJacksonReadsBack() throws Exception
    {
        final String nasty = "quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 sep \u2028 é 😀 </script>";
        final String json = new JsonWriter().beginObject()
            .field("text", nasty).field("long", Long.MIN_VALUE).field("double", 0.25).field("nan", Double.NaN)
            .field("yes", true).field("none", (String)null)
            .name("empty").beginArray().endArray()
            .name("list").beginArray().value(1).value("two").beginObject().field("three", 3).endObject().endArray()
            .name("nested").beginObject().name("inner").beginObject().endObject().endObject()
            .endObject().toString();
        final JsonNode node = JACKSON.readTree(json);
        assertEquals(nasty, node.get("text").asText());
        assertEquals(Long.MIN_VALUE, node.get("long").asLong());
        assertEquals(0.25, node.get("double").asDouble());
        assertTrue(node.get("nan").isNull());
        assertTrue(node.get("yes").asBoolean());
        assertTrue(node.get("none").isNull());
        assertEquals(0, node.get("empty").size());
        assertEquals("two", node.get("list").get(1).asText());
        assertEquals(3, node.get("list").get(2).get("three").asInt());
        assertTrue(node.get("nested").get("inner").isObject());
    }

    @Test
    void shouldEscapeEveryCharacterJacksonReadsBackTheSame() throws Exception
    {
        final Random random = new Random(11);
        for (int round = 0; round < 200; round++)
        {
            final StringBuilder s = new StringBuilder();
            for (int i = 0; i < 50; i++)
            {
                s.append((char)(random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0xD800)));
            }
            final String json = new JsonWriter().beginArray().value(s.toString()).endArray().toString();
            assertEquals(s.toString(), JACKSON.readTree(json).get(0).asText(), "seed 11 round " + round);
        }
    }
}
