package io.ringest.app;

import io.ringest.engine.ConfigException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule that lets every record of a topic go to exactly one route: of the routes reading one topic, at most one has
 * no {@code when} (it takes what no {@code when} matched), and the others test the same field for different values.
 * Stateless; checked once at start-up.
 */
final class RouteTopics
{
    private RouteTopics()
    {
    }

    /** Throws a {@link ConfigException} naming the keys of the first topic whose routes break the rule. */
    static void check(final List<RouteConfig> routes)
    {
        final Map<String, List<RouteConfig>> byTopic = new LinkedHashMap<>();
        for (final RouteConfig route : routes)
        {
            route.topics().forEach(topic -> byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).add(route));
        }
        byTopic.forEach(RouteTopics::check);
    }

    private static void check(final String topic, final List<RouteConfig> routes)
    {
        final List<RouteConfig> unconditional = routes.stream().filter(r -> r.when() == null).toList();
        if (unconditional.size() > 1)
        {
            throw new ConfigException("topic '" + topic + "' is read by " + names(unconditional) + ", none of them with a "
                + "route.<name>.when: at most one route of a topic may take every record; give the others a when");
        }
        final List<RouteConfig> conditional = routes.stream().filter(r -> r.when() != null).toList();
        for (int i = 1; i < conditional.size(); i++)
        {
            final RouteConfig first = conditional.get(0);
            final RouteConfig other = conditional.get(i);
            if (!other.when().segments().equals(first.when().segments()))
            {
                throw new ConfigException("routes " + first.name() + " and " + other.name() + " split topic '" + topic
                    + "' on different fields (" + first.whenText() + ", " + other.whenText() + "): the routes of one "
                    + "topic must test the same field, so that a record has one route");
            }
            for (int j = 0; j < i; j++)
            {
                if (conditional.get(j).value().equals(other.value()))
                {
                    throw new ConfigException("routes " + conditional.get(j).name() + " and " + other.name()
                        + " both take the records of topic '" + topic + "' whose " + other.when().text() + " is '"
                        + other.value() + "' (" + conditional.get(j).whenText() + ", " + other.whenText() + ")");
                }
            }
        }
    }

    private static String names(final List<RouteConfig> routes)
    {
        return "routes " + String.join(" and ", routes.stream().map(RouteConfig::name).toList());
    }
}
