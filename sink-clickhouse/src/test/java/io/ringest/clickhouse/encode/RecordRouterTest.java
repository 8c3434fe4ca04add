package io.ringest.clickhouse.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringest.engine.LogEvent;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordRouterTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FieldPath KIND = FieldPath.parse("route.x.when", "kind");

    /** Route 0 takes topic app (what no when matched); route 1 records of app and audit whose kind is audit. */
    private final RecordRouter router = new RecordRouter(List.of(
        new RecordRouter.Claim("app", List.of("app"), null, null),
        new RecordRouter.Claim("audit", List.of("app", "audit"), KIND, "audit")));

    private int route(final String topic, final String json)
    {
        final LogEvent event = new LogEvent(1024);
        event.set(topic, 0, 0, 0, 0, json == null ? null : json.getBytes(StandardCharsets.UTF_8));
        return router.route(event);
    }

    @Test
    void shouldRouteByTopicAndSplitASharedTopicByTheFieldsValue()
    {
        assertEquals(1, route("app", "{\"kind\":\"audit\",\"msg\":\"x\"}"));
        assertEquals(0, route("app", "{\"kind\":\"app\"}"));
        assertEquals(0, route("app", "{\"msg\":\"no kind\"}"));
        assertEquals(0, route("app", "not json"), "the route without a when takes it; its encoder refuses it");
        assertEquals(1, route("audit", "{\"kind\":\"audit\"}"));
    }

    @Test
    void shouldSayWhichFieldAndValueLeftARecordWithoutARoute()
    {
        assertEquals(-1, route("audit", "{\"kind\":\"deb\\u0075g\"}"));
        assertEquals("no route takes it: topic 'audit' is routed by field 'kind' (route.audit.when=kind=audit), which is 'debug'",
            router.failure());
        assertEquals(-1, route("audit", "{\"other\":{\"kind\":\"audit\"}}"));
        assertTrue(router.failure().endsWith("which is absent"), router.failure());
        assertEquals(-1, route("audit", "{\"kind\":\"audit\""));
        assertTrue(router.failure().contains(", and the record is not a JSON object"), router.failure());
        assertEquals(-1, route("nowhere", "{}"));
        assertEquals("no route reads topic 'nowhere'", router.failure());
    }

    @Test
    void shouldCompareStringsDecodedAndOtherValuesByTheirJsonText()
    {
        final RecordRouter byCode = new RecordRouter(List.of(
            new RecordRouter.Claim("ok", List.of("t"), FieldPath.parse("k", "http.\"status.code\""), "200"),
            new RecordRouter.Claim("yes", List.of("t"), FieldPath.parse("k", "http.\"status.code\""), "true")));
        assertEquals(0, route(byCode, "{\"http\":{\"status.code\":200}}"));
        assertEquals(0, route(byCode, "{\"http\":{\"status.code\":\"2\\u00300\"}}"));
        assertEquals(-1, route(byCode, "{\"http\":{\"status.code\":200.0}}"));
        assertEquals(-1, route(byCode, "{\"http\":{\"status\":{\"code\":200}}}"));
        assertEquals(1, route(byCode, "{\"http\" : { \"status.code\" : true } }"));
        assertEquals(0, route(byCode, "{\"http\":{\"status.code\":true,\"status.code\":200}}"), "of duplicate keys the last wins");
        assertEquals(0, route(byCode, "{\"h\\u0074tp\":{\"status\\u002ecode\":200}}"), "keys are matched decoded");
    }

    @Test
    void shouldRefuseATopicWithTwoRoutesThatTakeEverything()
    {
        assertThrows(IllegalArgumentException.class, () -> new RecordRouter(List.of(
            new RecordRouter.Claim("a", List.of("t"), null, null), new RecordRouter.Claim("b", List.of("t"), null, null))));
        assertThrows(IllegalArgumentException.class, () -> new RecordRouter(List.of(
            new RecordRouter.Claim("a", List.of("t"), KIND, "x"),
            new RecordRouter.Claim("b", List.of("t"), FieldPath.parse("k", "level"), "y"))));
    }

    /** Random objects with escaped keys and values, nesting, duplicates and whitespace, routed as Jackson reads them. */
    @Test
    void shouldRouteAsJacksonReadsTheField() throws Exception
    {
        final RecordRouter nested = new RecordRouter(List.of(
            new RecordRouter.Claim("audit", List.of("t"), FieldPath.parse("k", "event.kind"), "audit"),
            new RecordRouter.Claim("n", List.of("t"), FieldPath.parse("k", "event.kind"), "42"),
            new RecordRouter.Claim("e", List.of("t"), FieldPath.parse("k", "event.kind"), "caf\u00e9 \"x\"")));
        final Random random = new Random(7);
        final String[] keys = {"\"kind\"", "\"k\\u0069nd\"", "\"other\"", "\"kind2\""};
        final String[] values = {"\"audit\"", "\"a\\u0075dit\"", "\"audi\"", "42", "\"42\"", "true", "null", "{\"kind\":\"audit\"}",
            "[\"audit\"]", "\"caf\\u00e9 \\\"x\\\"\"", "\"caf\u00e9 \\\"x\\\"\""};
        for (int i = 0; i < 20_000; i++)
        {
            final StringBuilder event = new StringBuilder("{");
            for (int m = random.nextInt(4); m > 0; m--)
            {
                event.append(event.length() > 1 ? "," : "").append(keys[random.nextInt(keys.length)]).append(space(random))
                    .append(':').append(space(random)).append(values[random.nextInt(values.length)]);
            }
            final StringBuilder record = new StringBuilder("{\"a\":1");
            for (int m = random.nextInt(3); m > 0; m--)
            {
                record.append(",\"").append(random.nextBoolean() ? "event" : "ev\\u0065nt").append("\"").append(space(random))
                    .append(':').append(random.nextInt(5) == 0 ? "\"flat\"" : event + "}");
            }
            final String json = record.append(space(random)).append('}').toString();
            final JsonNode kind = JSON.readTree(json).path("event").path("kind");
            final int expected = kind.isTextual() ? List.of("audit", "42", "caf\u00e9 \"x\"").indexOf(kind.asText())
                : kind.isMissingNode() ? -1 : List.of("audit", "42", "caf\u00e9 \"x\"").indexOf(kind.toString());
            assertEquals(expected, route(nested, json), json);
            final byte[] broken = json.getBytes(StandardCharsets.UTF_8);
            final String breaking = "{}[]\":, x\\";
            broken[random.nextInt(broken.length)] = (byte)breaking.charAt(random.nextInt(breaking.length()));
            final LogEvent brokenEvent = new LogEvent(1024);
            brokenEvent.set("t", 0, 0, 0, 0, Arrays.copyOf(broken, random.nextInt(broken.length + 1)));
            final int route = nested.route(brokenEvent);
            assertTrue(route >= -1 && route <= 2, "a broken record is routed somewhere or nowhere, never throws: " + json);
        }
    }

    @Test
    void shouldNotAllocateWhileRoutingInSteadyState()
    {
        final LogEvent[] events = {event("app", "{\"ts\":1,\"kind\":\"audit\",\"m\":{\"a\":[1,2]}}"),
            event("app", "{\"ts\":1,\"m\":\"x\",\"kind\":\"app\"}"), event("audit", "{\"kind\":\"au\\u0064it\"}")};
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        long sum = 0;
        for (int i = 0; i < 200_000; i++)
        {
            sum += router.route(events[i % 3]);
        }
        final long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < 100_000; i++)
        {
            sum += router.route(events[i % 3]);
        }
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertTrue(allocated < 10_000, "allocated " + allocated + " bytes for 100,000 records");
        assertEquals(200_000, sum);
    }

    private static LogEvent event(final String topic, final String json)
    {
        final LogEvent event = new LogEvent(1024);
        event.set(topic, 0, 0, 0, 0, json.getBytes(StandardCharsets.UTF_8));
        return event;
    }

    private static int route(final RecordRouter router, final String json)
    {
        return router.route(event("t", json));
    }

    private static String space(final Random random)
    {
        return random.nextInt(4) == 0 ? " \n\t" : "";
    }
}
