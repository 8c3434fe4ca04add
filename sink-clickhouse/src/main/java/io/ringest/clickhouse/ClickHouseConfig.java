package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
import io.ringest.engine.ConfigException;
import io.ringest.engine.Settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Where and how to insert into ClickHouse, validated once before any thread starts.
 * Immutable and thread-safe; {@link #toString()} masks the password so the record can be logged.
 * Database and table may hold any printable characters: they enter SQL only through {@link #quote(String)}.
 *
 * @param url           HTTP or HTTPS endpoint, {@code clickhouse.url}; credentials in it are refused, as URLs get logged
 * @param database      database of the target table, {@code clickhouse.database}
 * @param table         target table, {@code clickhouse.table}
 * @param user          user name, {@code clickhouse.user}
 * @param password      password, {@code clickhouse.password}; never logged
 * @param insertTimeout longest wait for one insert to be answered, {@code clickhouse.insert.timeout}
 * @param compression   LZ4-compress request bodies, {@code clickhouse.compression}; responses are never compressed,
 *                      as they are small and ClickHouse 18.16 answers {@code compress=1} with an empty body
 * @param sslRootCertificate PEM file of the CA that signed an HTTPS server's certificate,
 *                      {@code clickhouse.ssl.root.certificate}; empty means the JVM's trust store
 * @param schemaRefresh how often every table's columns are read again while ringest runs,
 *                      {@code clickhouse.schema.refresh}; zero reads them again only after an insert failed the way a
 *                      changed table makes it fail
 */
public record ClickHouseConfig(
    String url,
    String database,
    String table,
    String user,
    String password,
    Duration insertTimeout,
    boolean compression,
    String sslRootCertificate,
    Duration schemaRefresh)
{
    public static final Duration MIN_INSERT_TIMEOUT = Duration.ofMillis(100);
    public static final Duration MAX_INSERT_TIMEOUT = Duration.ofHours(1);
    public static final Duration DEFAULT_SCHEMA_REFRESH = Duration.ofSeconds(30);
    private static final Duration MIN_SCHEMA_REFRESH = Duration.ofMillis(100);
    private static final Duration MAX_SCHEMA_REFRESH = Duration.ofHours(1);
    private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public ClickHouseConfig
    {
        requireUrl(url);
        requireName("clickhouse.database", database);
        requireName("clickhouse.table", table);
        requireName("clickhouse.user", user);
        if (user.indexOf(':') >= 0)
        {
            throw new ConfigException("clickhouse.user must not contain ':', which HTTP basic authentication cannot carry");
        }
        if (password == null)
        {
            throw new ConfigException("clickhouse.password must not be null (use an empty value for no password)");
        }
        if (insertTimeout == null || insertTimeout.compareTo(MIN_INSERT_TIMEOUT) < 0 || insertTimeout.compareTo(MAX_INSERT_TIMEOUT) > 0)
        {
            throw new ConfigException("clickhouse.insert.timeout must be between 100ms and 1h, got " + insertTimeout);
        }
        if (sslRootCertificate == null || !(sslRootCertificate.isEmpty() || Files.isReadable(Path.of(sslRootCertificate))))
        {
            throw new ConfigException("clickhouse.ssl.root.certificate must name a readable PEM file, got '" + sslRootCertificate + "'");
        }
        if (schemaRefresh == null || !(schemaRefresh.isZero()
            || schemaRefresh.compareTo(MIN_SCHEMA_REFRESH) >= 0 && schemaRefresh.compareTo(MAX_SCHEMA_REFRESH) <= 0))
        {
            throw new ConfigException("clickhouse.schema.refresh must be 0 (off) or between 100ms and 1h, got " + schemaRefresh);
        }
    }

    /** Reads the {@code clickhouse.*} keys; only {@code clickhouse.table} is required. */
    public static ClickHouseConfig from(final Settings s)
    {
        return from(s, s.required("clickhouse.table"));
    }

    /** Reads the {@code clickhouse.*} keys but {@code clickhouse.table}: the routes name their tables. */
    public static ClickHouseConfig from(final Settings s, final String table)
    {
        return new ClickHouseConfig(
            s.string("clickhouse.url", "http://127.0.0.1:8123"),
            s.string("clickhouse.database", "default"),
            table,
            s.string("clickhouse.user", "default"),
            s.string("clickhouse.password", ""),
            Duration.ofNanos(s.durationNanos("clickhouse.insert.timeout", Duration.ofSeconds(60).toNanos(),
                MIN_INSERT_TIMEOUT.toNanos(), MAX_INSERT_TIMEOUT.toNanos())),
            bool(s, "clickhouse.compression", false),
            s.string("clickhouse.ssl.root.certificate", ""),
            Duration.ofNanos(s.durationNanos("clickhouse.schema.refresh", DEFAULT_SCHEMA_REFRESH.toNanos(), 0,
                MAX_SCHEMA_REFRESH.toNanos())));
    }

    /**
     * This configuration with another target table, in the same database on the same server: a route's
     * ({@code route.<name>.table}); {@code key} is named if the name is not valid.
     */
    public ClickHouseConfig forTable(final String key, final String table)
    {
        requireName(key, table);
        return new ClickHouseConfig(url, database, table, user, password, insertTimeout, compression, sslRootCertificate,
            schemaRefresh);
    }

    /** The target table as SQL: {@code `database`.`table`}. */
    public String qualifiedTable()
    {
        return quote(database) + "." + quote(table);
    }

    /** Quotes an identifier with backticks, escaping backslashes and backticks inside it. */
    public static String quote(final String identifier)
    {
        return "`" + identifier.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    /**
     * Builds a client for this server, safe to share between threads; the caller closes it after its last user.
     * Client-side retries are off: the engine owns retry policy through {@link io.ringest.engine.InsertOutcome#RETRY}.
     *
     * @param maxConnections pooled HTTP connections, at least one per thread that will use the client at once
     */
    public Client newClient(final int maxConnections)
    {
        if (maxConnections < 1)
        {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        final long timeoutMillis = insertTimeout.toMillis();
        final Client.Builder builder = new Client.Builder();
        if (!sslRootCertificate.isEmpty())
        {
            builder.setRootCertificate(sslRootCertificate);
        }
        return builder
            .addEndpoint(url)
            .setUsername(user)
            .setPassword(password)
            .setDefaultDatabase(database)
            .compressClientRequest(compression)
            .compressServerResponse(false)
            .setMaxConnections(maxConnections)
            .setMaxRetries(0)
            .setSocketTimeout(timeoutMillis, ChronoUnit.MILLIS)
            .setConnectTimeout(Math.min(timeoutMillis, MAX_CONNECT_TIMEOUT.toMillis()), ChronoUnit.MILLIS)
            .setConnectionRequestTimeout(timeoutMillis, ChronoUnit.MILLIS)
            .setClientName("ringest")
            .build();
    }

    @Override
    public String toString()
    {
        return "ClickHouseConfig[url=" + url + ", database=" + database + ", table=" + table + ", user=" + user +
            ", password=" + (password.isEmpty() ? "(empty)" : "****") + ", insertTimeout=" + insertTimeout +
            ", compression=" + compression + ", sslRootCertificate=" + sslRootCertificate + ", schemaRefresh=" + schemaRefresh + "]";
    }

    private static void requireUrl(final String url)
    {
        final String valid = "clickhouse.url must be an http:// or https:// URL with a host, like http://127.0.0.1:8123, got '" +
            (url == null ? null : url.replaceAll("//.*@", "//****@")) + "'";
        if (url == null)
        {
            throw new ConfigException(valid);
        }
        try
        {
            final URI uri = new URI(url);
            final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null)
            {
                throw new ConfigException(valid);
            }
            if (uri.getRawUserInfo() != null)
            {
                throw new ConfigException("clickhouse.url must not carry credentials (user:password@host): " +
                    "put them in clickhouse.user and clickhouse.password");
            }
        }
        catch (final URISyntaxException e)
        {
            throw new ConfigException(valid);
        }
    }

    /**
     * A database, table or user name: not empty, no spaces at either end (a typo more often than a name), no control
     * characters or broken UTF-16. Backticks, quotes, dots, spaces and any script are allowed, as names are quoted.
     */
    public static void requireName(final String key, final String value)
    {
        if (value == null || value.isEmpty() || Character.isWhitespace(value.charAt(0)) ||
            Character.isWhitespace(value.charAt(value.length() - 1)) || value.codePoints().anyMatch(ClickHouseConfig::unprintable))
        {
            throw new ConfigException(key + " must be a name without control characters or spaces at either end " +
                "(backticks, quotes, dots, inner spaces and any script are fine, ringest quotes names), got " + visible(value));
        }
    }

    private static boolean unprintable(final int codePoint)
    {
        final int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.SURROGATE || type == Character.LINE_SEPARATOR ||
            type == Character.PARAGRAPH_SEPARATOR;
    }

    /** {@code value} in single quotes with each unprintable character as a backslash, u and four hex digits. */
    private static String visible(final String value)
    {
        if (value == null)
        {
            return "null";
        }
        final StringBuilder sb = new StringBuilder("'");
        value.codePoints().forEach(c -> sb.append(unprintable(c) ? String.format("\\u%04x", c) : Character.toString(c)));
        return sb.append('\'').toString();
    }

    private static boolean bool(final Settings s, final String key, final boolean defaultValue)
    {
        final String value = s.string(key, Boolean.toString(defaultValue));
        return switch (value.toLowerCase(Locale.ROOT))
        {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key + " must be true or false, got '" + value + "'");
        };
    }
}
