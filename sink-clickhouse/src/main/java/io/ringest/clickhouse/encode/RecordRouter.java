package io.ringest.clickhouse.encode;

import io.ringest.engine.LogEvent;
import io.ringest.engine.Router;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Routes each record by its topic and, where several routes read one topic, by one field's value
 * ({@code route.<name>.when=<path>=<value>}): a string is compared by its decoded UTF-8, any other value by its JSON
 * text. The route of a topic without a {@code when} takes that topic's records no {@code when} matched; without one,
 * such a record is refused with a reason naming the field and its value (or that it is absent). Used by the batching
 * thread only: a topic is looked up once per distinct topic string, and a field is found without allocating.
 */
public final class RecordRouter implements Router
{
    /**
     * What one route takes: the records of {@code topics} whose {@code field} holds {@code value}, or all of them when
     * {@code field} is null.
     */
    public record Claim(String name, List<String> topics, FieldPath field, String value)
    {
        String when()
        {
            return "route." + name + ".when=" + field.text() + "=" + value;
        }
    }

    private final Map<String, Split> byTopic = new HashMap<>();
    private String lastTopic;
    private Split last;
    private String failure;

    /**
     * @param claims one per route, in route order
     * @throws IllegalArgumentException if a topic has two routes without a field, or is split on two different fields
     */
    public RecordRouter(final List<Claim> claims)
    {
        final Map<String, List<Integer>> routesByTopic = new HashMap<>();
        for (int r = 0; r < claims.size(); r++)
        {
            for (final String topic : claims.get(r).topics())
            {
                routesByTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(r);
            }
        }
        routesByTopic.forEach((topic, routes) -> byTopic.put(topic, new Split(topic, claims, routes)));
    }

    @Override
    public int route(final LogEvent event)
    {
        final String topic = event.topic();
        if (topic != lastTopic)
        {
            final Split split = byTopic.get(topic);
            if (split == null)
            {
                failure = "no route reads topic '" + topic + "'";
                return -1;
            }
            lastTopic = topic;
            last = split;
        }
        final int route = last.route(event.value(), event.length());
        if (route < 0)
        {
            failure = last.why(event.value());
        }
        return route;
    }

    @Override
    public String failure()
    {
        return failure;
    }

    /** How one topic's records are routed: to one route, or by one field's value. */
    private static final class Split
    {
        private final String topic;
        /** The route without a field, or -1. */
        private final int fallback;
        private final FieldProbe probe;
        private final byte[][] values;
        private final int[] routes;
        private final String whens;

        Split(final String topic, final List<Claim> claims, final List<Integer> candidates)
        {
            this.topic = topic;
            final List<Integer> conditional = candidates.stream().filter(r -> claims.get(r).field() != null).toList();
            final List<Integer> unconditional = candidates.stream().filter(r -> claims.get(r).field() == null).toList();
            if (unconditional.size() > 1)
            {
                throw new IllegalArgumentException("topic " + topic + " has more than one route without a field");
            }
            fallback = unconditional.isEmpty() ? -1 : unconditional.get(0);
            final FieldPath field = conditional.isEmpty() ? null : claims.get(conditional.get(0)).field();
            if (conditional.stream().anyMatch(r -> !claims.get(r).field().segments().equals(field.segments())))
            {
                throw new IllegalArgumentException("topic " + topic + " is split on more than one field");
            }
            probe = field == null ? null : new FieldProbe(field);
            values = conditional.stream().map(r -> claims.get(r).value().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
            routes = conditional.stream().mapToInt(Integer::intValue).toArray();
            whens = conditional.stream().map(r -> claims.get(r).when()).collect(Collectors.joining(", "));
        }

        /** The route of a record of this topic, or -1. */
        int route(final byte[] json, final int length)
        {
            if (probe == null || !probe.find(json, length))
            {
                return fallback;
            }
            for (int i = 0; i < values.length; i++)
            {
                if (probe.valueEquals(json, values[i]))
                {
                    return routes[i];
                }
            }
            return fallback;
        }

        /** Why the record {@link #route} just refused goes nowhere. */
        String why(final byte[] json)
        {
            final String field = "no route takes it: topic '" + topic + "' is routed by field '" + probe.path().text()
                + "' (" + whens + ")";
            if (probe.error() != null)
            {
                return field + ", and the record is " + probe.error();
            }
            return !probe.found() ? field + ", which is absent" : field + ", which is '" + probe.valueText(json) + "'";
        }
    }
}
