package io.ringest.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Records for {@code config/two-routes.properties} and the rows they must become, worked out with Jackson: service logs
 * and audit events for topic app-logs, audit events and others for topic audit. Seeded, so a failure replays.
 */
final class TwoRoutesRecords
{
    /** The README's sample records, first on topic app-logs. */
    static final String SAMPLE_LOG = "{\"time\":\"2026-11-30T06:01:02.5Z\",\"level\":\"WARN\",\"service\":\"checkout\","
        + "\"resource\":{\"host.name\":\"web-1\",\"k8s\":{\"pod\":\"checkout-7d9\",\"node\":\"n-3\"}},"
        + "\"http\":{\"request\":{\"method\":\"POST\",\"path\":\"/api/cart\"},\"response\":{\"status\":503,\"duration_ms\":812.25}},"
        + "\"user\":{\"id\":42,\"name\":\"Zoe\"},\"msg\":\"upstream timeout\",\"region\":\"eu-1\"}";
    static final String SAMPLE_AUDIT = "{\"time\":\"2026-11-30T06:01:03Z\",\"kind\":\"audit\",\"service\":\"iam\","
        + "\"actor\":{\"id\":\"u-42\",\"ip\":\"10.0.0.7\"},\"action\":\"role.grant\",\"object\":{\"type\":\"role\",\"id\":\"admin\"},"
        + "\"outcome\":\"success\"}";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<List<String>> APP_READ = Set.of(List.of("time"), List.of("level"), List.of("service"),
        List.of("resource", "host.name"), List.of("resource", "k8s", "pod"), List.of("http", "request", "path"),
        List.of("http", "response", "status"), List.of("http", "response", "duration_ms"), List.of("user", "id"),
        List.of("msg"));
    private static final Set<List<String>> AUDIT_READ = Set.of(List.of("time"), List.of("actor", "id"),
        List.of("actor", "ip"), List.of("action"), List.of("object", "id"), List.of("outcome"));

    private final Random random = new Random(20261130);

    /** Record {@code i} of topic app-logs: every 4th an audit event, every 50th a log without its required time. */
    ObjectNode appTopic(final int i)
    {
        return i % 4 == 1 ? audit(i, "audit") : log(i);
    }

    /** Record {@code i} of topic audit: kind login or no kind at all (no route), every 25th without its action. */
    ObjectNode auditTopic(final int i)
    {
        final ObjectNode event = audit(i, i % 10 == 3 ? "login" : "audit");
        if (i % 10 == 6)
        {
            event.remove("kind");
        }
        if (i % 25 == 0)
        {
            event.remove("action");
        }
        return event;
    }

    private ObjectNode log(final int i)
    {
        final ObjectNode log = JSON.createObjectNode();
        if (i % 50 != 7)
        {
            log.put("time", Instant.ofEpochSecond(1_795_000_000L + i, random.nextInt(1_000_000_000)).toString());
        }
        if (i % 3 == 0)
        {
            log.put("kind", "app");
        }
        log.put("level", random.nextBoolean() ? "INFO" : "WARN");
        log.put("service", "svc-" + random.nextInt(4));
        final ObjectNode resource = log.putObject("resource");
        resource.put("host.name", "web-" + random.nextInt(9));
        resource.putObject("k8s").put("pod", "pod-" + random.nextInt(99)).put("node", "n-" + random.nextInt(3));
        final ObjectNode http = log.putObject("http");
        http.putObject("request").put("method", random.nextBoolean() ? "GET" : "POST").put("path", "/api/" + i);
        if (i % 7 != 0)
        {
            http.putObject("response").put("status", 200 + random.nextInt(400)).put("duration_ms", random.nextInt(100_000) / 4.0);
        }
        final ObjectNode user = log.putObject("user");
        if (i % 3 != 1)
        {
            user.put("id", random.nextInt(1_000_000));
        }
        user.put("name", random.nextBoolean() ? "Zo\u00eb" : "\u6e21\u8fba \"q\"");
        log.put("msg", "request " + i + " \u2014 done");
        if (i % 2 == 0)
        {
            log.put("region", "eu-" + random.nextInt(3));
        }
        return log;
    }

    private ObjectNode audit(final int i, final String kind)
    {
        final ObjectNode event = JSON.createObjectNode();
        event.put("time", Instant.ofEpochSecond(1_795_000_000L + i).toString());
        event.put("kind", kind);
        event.put("service", random.nextBoolean() ? "iam" : "billing");
        event.putObject("actor").put("id", "u-" + random.nextInt(1000)).put("ip", "10.0." + random.nextInt(256) + "." + random.nextInt(256));
        event.put("action", random.nextBoolean() ? "role.grant" : "invoice.void \u2713");
        event.putObject("object").put("type", random.nextBoolean() ? "role" : "invoice").put("id", "o-" + i);
        event.put("outcome", random.nextInt(5) == 0 ? "denied" : "success");
        if (i % 3 == 0)
        {
            event.putObject("request").put("id", "r-" + i).putArray("tags").add("a").add(1);
        }
        return event;
    }

    /** True if route audit takes this record (its kind is audit), false if route app or none does. */
    static boolean isAudit(final JsonNode record)
    {
        return record.path("kind").asText("").equals("audit");
    }

    /** True if the route's encoder refuses it: a required field is missing. */
    static boolean lacksRequired(final JsonNode record)
    {
        return !record.has("time") || isAudit(record) && !record.has("action");
    }

    /** The service_logs row of a record, as {@code SELECT ... FORMAT JSONEachRow} of {@link TwoRoutesIT} lists it. */
    static ObjectNode serviceLogRow(final JsonNode log, final JsonNode row)
    {
        final ObjectNode e = coordinates(row);
        e.put("ts", Instant.parse(log.get("time").asText()).getEpochSecond());
        e.put("level", log.path("level").asText(""));
        e.put("service", log.path("service").asText(""));
        e.put("host", log.path("resource").path("host.name").asText(""));
        e.put("pod", log.path("resource").path("k8s").path("pod").asText(""));
        e.put("path", log.path("http").path("request").path("path").asText(""));
        e.put("status", log.path("http").path("response").path("status").asInt(0));
        e.put("duration_ms", log.path("http").path("response").path("duration_ms").asDouble(0));
        final JsonNode id = log.path("user").path("id");
        if (id.isMissingNode())
        {
            e.putNull("user_id");
        }
        else
        {
            e.put("user_id", id.asText());
        }
        e.put("message", log.path("msg").asText(""));
        catchAll(log, APP_READ, e);
        return e;
    }

    /** The audit_events row of a record. */
    static ObjectNode auditRow(final JsonNode event, final JsonNode row)
    {
        final ObjectNode e = coordinates(row);
        e.put("ts", Instant.parse(event.get("time").asText()).getEpochSecond());
        e.put("actor", event.path("actor").path("id").asText(""));
        e.put("source_ip", event.path("actor").path("ip").asText(""));
        e.put("action", event.path("action").asText(""));
        e.put("target", event.path("object").path("id").asText(""));
        e.put("outcome", event.path("outcome").asText(""));
        catchAll(event, AUDIT_READ, e);
        return e;
    }

    private static ObjectNode coordinates(final JsonNode row)
    {
        final ObjectNode e = JSON.createObjectNode();
        e.set("_topic", row.get("_topic"));
        e.set("_partition", row.get("_partition"));
        e.set("_offset", row.get("_offset"));
        return e;
    }

    private static void catchAll(final JsonNode record, final Set<List<String>> read, final ObjectNode row)
    {
        final ArrayNode keys = row.putArray("extra_keys");
        final ArrayNode values = row.putArray("extra_values");
        CatchAll.flatten(record, read, keys, values);
    }
}
