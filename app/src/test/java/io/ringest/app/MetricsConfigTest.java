package io.ringest.app;

import io.ringest.engine.ConfigException;
import io.ringest.engine.Settings;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsConfigTest
{
    private static MetricsConfig config(final String... overrides)
    {
        return MetricsConfig.from(Settings.load(null, List.of(overrides)));
    }

    @Test
    void shouldServeOnTheDefaultPortOnLoopbackUnlessTold()
    {
        final MetricsConfig config = config();
        assertEquals(9464, config.httpPort());
        assertEquals("127.0.0.1", config.httpHost());
        assertTrue(config.httpEnabled());
        assertEquals("0.0.0.0", config("metrics.http.host=0.0.0.0").httpHost());
    }

    @Test
    void shouldServeNothingForPortZero()
    {
        assertFalse(config("metrics.http.port=0").httpEnabled());
    }

    @Test
    void shouldServeNothingForAnEmptyPort()
    {
        final Settings s = Settings.load(null, List.of("metrics.http.port="));
        assertFalse(MetricsConfig.from(s).httpEnabled());
        assertEquals("", s.inForce().get("metrics.http.port"));
        final Settings defaults = Settings.load(null, List.of());
        MetricsConfig.from(defaults);
        assertEquals("9464", defaults.inForce().get("metrics.http.port"));
    }

    @Test
    void shouldNameTheKeyOfAnInvalidPort()
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> config("metrics.http.port=70000"));
        assertTrue(e.getMessage().startsWith("metrics.http.port must be in [0, 65535]"), e.getMessage());
    }
}
