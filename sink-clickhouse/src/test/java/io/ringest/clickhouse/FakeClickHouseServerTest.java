package io.ringest.clickhouse;

import com.clickhouse.client.api.Client;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fake itself: it answers client-v2's ping and ringest's version query as an 18.16 server would, without using
 * the script, and records each request; the insert replies are exercised by {@link ClickHouseWriterFaultTest}.
 */
class FakeClickHouseServerTest
{
    @Test
    void shouldAnswerQueriesOtherThanInsertsWithoutUsingTheScript() throws Exception
    {
        try (FakeClickHouseServer server = new FakeClickHouseServer(FakeReply.ok()))
        {
            final ClickHouseConfig config = new ClickHouseConfig(server.url(), "default", "t", "default", "", Duration.ofSeconds(2), false, "", Duration.ZERO);
            try (Client client = config.newClient(1))
            {
                assertTrue(client.ping());
                assertEquals(ServerVersion.parse(FakeClickHouseServer.VERSION), new TableSchemaReader(config, client).readVersion());
            }
            final List<FakeRequest> requests = server.requests();
            assertEquals(2, requests.size(), "requests: " + requests);
            assertTrue(requests.get(0).query().startsWith("SELECT 1"), requests.get(0).query());
            assertTrue(requests.get(1).query().startsWith("SELECT version()"), requests.get(1).query());
            assertEquals(1, server.scriptLeft());
        }
    }
}
