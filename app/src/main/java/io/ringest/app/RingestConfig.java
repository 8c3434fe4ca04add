package io.ringest.app;

import io.ringest.clickhouse.ClickHouseConfig;
import io.ringest.engine.ConfigException;
import io.ringest.engine.PipelineConfig;
import io.ringest.engine.Settings;
import io.ringest.kafka.KafkaConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every component's configuration, read and validated in one place before any thread starts; a key that no component
 * reads stops start-up too. Each route's {@code mapping.*} and {@code encode.*} keys are compiled into a
 * {@link io.ringest.clickhouse.ColumnPlan} once its table's schema is read. Kafka reads every route's topics; the
 * ClickHouse settings are the server's, each route naming its own table ({@link RouteConfig#clickhouse}). {@code settings}
 * keeps every key's value in force, defaults included, for the start-up log and {@code /status}.
 */
public record RingestConfig(
    PipelineConfig pipeline, KafkaConfig kafka, ClickHouseConfig clickhouse, List<RouteConfig> routes, MetricsConfig metrics,
    SettingsInForce settings)
{
    /** Parses {@code --config FILE} and {@code key=value} overrides. */
    public static RingestConfig fromArgs(final String[] args)
    {
        Path file = null;
        final List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            if (args[i].equals("--config") && i + 1 < args.length)
            {
                file = Path.of(args[++i]);
                if (!Files.isReadable(file))
                {
                    throw new ConfigException("--config " + file + ": no such readable file");
                }
            }
            else if (args[i].contains("="))
            {
                overrides.add(args[i]);
            }
            else
            {
                throw new ConfigException("usage: ringest --config FILE [key=value ...]; unexpected '" + args[i] + "'");
            }
        }
        return from(Settings.load(file, overrides));
    }

    public static RingestConfig from(final Settings s)
    {
        final PipelineConfig pipeline = PipelineConfig.from(s);
        final List<RouteConfig> routes = RouteSettings.from(s);
        final ClickHouseConfig clickhouse = ClickHouseConfig.from(s, routes.get(0).table());
        routes.forEach(route -> route.clickhouse(clickhouse));
        final KafkaConfig kafka = KafkaConfig.from(s, RouteSettings.topics(routes));
        final MetricsConfig metrics = MetricsConfig.from(s);
        s.refuseUnknownKeys();
        return new RingestConfig(pipeline, kafka, clickhouse, routes, metrics, new SettingsInForce(s.inForce()));
    }
}
