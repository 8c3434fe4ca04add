package io.ringest.clickhouse;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerVersionTest
{
    @Test
    void shouldParseVersions()
    {
        final ServerVersion old = ServerVersion.parse("18.16.1\n");
        assertEquals(18, old.major());
        assertEquals(16, old.minor());
        assertEquals(1, old.patch());
        assertEquals("18.16.1", old.toString());
        assertEquals(new ServerVersion(24, 8, 4, "24.8.4.13"), ServerVersion.parse("24.8.4.13"));
        assertEquals(0, ServerVersion.parse("26.7").patch());
    }

    @Test
    void shouldKnowWhenRowBinaryWithDefaultsArrived()
    {
        assertFalse(ServerVersion.parse("18.16.1").supportsRowBinaryWithDefaults());
        assertFalse(ServerVersion.parse("23.6.2.18").supportsRowBinaryWithDefaults());
        assertTrue(ServerVersion.parse("23.7.1.2470").supportsRowBinaryWithDefaults());
        assertTrue(ServerVersion.parse("24.3.1").supportsRowBinaryWithDefaults());
    }

    @Test
    void shouldRejectNonVersions()
    {
        assertThrows(IllegalArgumentException.class, () -> ServerVersion.parse("Ok."));
        assertThrows(IllegalArgumentException.class, () -> ServerVersion.parse(""));
    }
}
