package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.ringest.engine.ConfigException;
import io.ringest.engine.Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code clickhouse.url=https://...} with client-v2: a stand-in server on 127.0.0.1 with a self-signed certificate
 * (made by the JDK's keytool) answers {@code SELECT version()}. Trusted through {@code clickhouse.ssl.root.certificate}
 * the connection works; without it the handshake fails and the message says so.
 */
class ClickHouseHttpsTest
{
    private static final String STORE_PASSWORD = "changeit";

    @TempDir
    Path dir;

    private HttpsServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception
    {
        final Path keyStore = dir.resolve("server.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
            "-ext", "SAN=ip:127.0.0.1", "-validity", "1", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
            "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD,
            "-file", dir.resolve("ca.pem").toString());

        final KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore))
        {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        final KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, STORE_PASSWORD.toCharArray());
        final SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange ->
        {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getRequestBody().readAllBytes();
            final byte[] body = "24.8.1.1\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer()
    {
        server.stop(0);
    }

    @Test
    void shouldConnectOverHttpsTrustingTheRootCertificate()
    {
        final ClickHouseConfig config = config(dir.resolve("ca.pem").toString());
        assertEquals("24.8.1.1", read(config).text());
        assertEquals(1, authorizations.size());
        assertTrue(authorizations.get(0).startsWith("Basic "), authorizations.get(0));
    }

    @Test
    void shouldFailTheHandshakeWithoutTrust()
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> read(config("")));
        assertTrue(e.getMessage().startsWith("cannot reach ClickHouse at clickhouse.url=https://127.0.0.1:"), e.getMessage());
        assertTrue(e.getMessage().contains("unable to find valid certification path"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertTrue(authorizations.isEmpty(), "no request may leave before the server is trusted");
    }

    private ClickHouseConfig config(final String rootCertificate)
    {
        return ClickHouseConfig.from(new Settings(Map.of(
            "clickhouse.url", "https://127.0.0.1:" + server.getAddress().getPort(),
            "clickhouse.table", "t",
            "clickhouse.password", "s3cret",
            "clickhouse.insert.timeout", "10s",
            "clickhouse.ssl.root.certificate", rootCertificate)));
    }

    private static ServerVersion read(final ClickHouseConfig config)
    {
        try (Client client = config.newClient(1))
        {
            return new TableSchemaReader(config, client).readVersion();
        }
    }

    private static void keytool(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0)
        {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
