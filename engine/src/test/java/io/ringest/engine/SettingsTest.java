package io.ringest.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest
{
    private static Settings of(final String... overrides)
    {
        return Settings.load(null, List.of(overrides));
    }

    @Test
    void shouldParseSizesWithUnits()
    {
        final Settings s = of("a=1048576", "b=64k", "c=16MiB", "d=1g", "e=2KB");
        assertEquals(1_048_576, s.size("a", 0, 0, Long.MAX_VALUE));
        assertEquals(65_536, s.size("b", 0, 0, Long.MAX_VALUE));
        assertEquals(16L << 20, s.size("c", 0, 0, Long.MAX_VALUE));
        assertEquals(1L << 30, s.size("d", 0, 0, Long.MAX_VALUE));
        assertEquals(2048, s.size("e", 0, 0, Long.MAX_VALUE));
        assertEquals(7, s.size("missing", 7, 0, Long.MAX_VALUE));
    }

    @Test
    void shouldParseDurationsWithUnits()
    {
        final Settings s = of("a=200ms", "b=15s", "c=2m", "d=5us");
        assertEquals(200_000_000L, s.durationNanos("a", 0, 0, Long.MAX_VALUE));
        assertEquals(15_000_000_000L, s.durationNanos("b", 0, 0, Long.MAX_VALUE));
        assertEquals(120_000_000_000L, s.durationNanos("c", 0, 0, Long.MAX_VALUE));
        assertEquals(5_000L, s.durationNanos("d", 0, 0, Long.MAX_VALUE));
    }

    @Test
    void shouldNameTheKeyAndWhatIsValidWhenASettingIsBad()
    {
        final ConfigException size = assertThrows(ConfigException.class,
            () -> of("pipeline.batch.bytes=lots").size("pipeline.batch.bytes", 0, 0, 10));
        assertTrue(size.getMessage().contains("pipeline.batch.bytes") && size.getMessage().contains("16MiB"), size.getMessage());
        final ConfigException duration = assertThrows(ConfigException.class,
            () -> of("pipeline.linger=5 minutes").durationNanos("pipeline.linger", 0, 0, Long.MAX_VALUE));
        assertTrue(duration.getMessage().contains("pipeline.linger") && duration.getMessage().contains("200ms"), duration.getMessage());
        final ConfigException range = assertThrows(ConfigException.class,
            () -> of("pipeline.writers=0").integer("pipeline.writers", 1, 1, 64));
        assertEquals("pipeline.writers must be in [1, 64], got 0", range.getMessage());
        final ConfigException missing = assertThrows(ConfigException.class, () -> of().required("kafka.topics"));
        assertEquals("kafka.topics is required", missing.getMessage());
    }

    @Test
    void shouldRejectARingSizeThatIsNotAPowerOfTwo()
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> PipelineConfig.from(of("pipeline.ring.size=1000")));
        assertEquals("pipeline.ring.size must be a power of two of at least 64, got 1000", e.getMessage());
    }

    @Test
    void shouldNameTheWaitStrategiesWhenOneIsUnknown()
    {
        assertEquals(WaitMode.BUSY_SPIN, PipelineConfig.from(of("pipeline.wait.strategy=busy-spin")).waitMode());
        final ConfigException e = assertThrows(ConfigException.class, () -> PipelineConfig.from(of("pipeline.wait.strategy=spin")));
        assertEquals("pipeline.wait.strategy must be one of [blocking, yielding, busy-spin], got 'spin'", e.getMessage());
    }

    @Test
    void shouldLetLaterOverridesWinAndStripPrefixes()
    {
        final Settings s = of("kafka.x=1", "kafka.x=2", "kafka.y=3", "other=4");
        assertEquals(Map.of("x", "2", "y", "3"), s.withPrefix("kafka."));
        assertThrows(ConfigException.class, () -> of("novalue"));
    }

    @Test
    void shouldSizeTheBatchRingForEveryWriterPlusSpares()
    {
        assertEquals(2, PipelineConfig.from(of("pipeline.writers=1")).batchSlots());
        assertEquals(4, PipelineConfig.from(of("pipeline.writers=2")).batchSlots());
        assertEquals(8, PipelineConfig.from(of("pipeline.writers=3")).batchSlots());
        assertEquals(8, PipelineConfig.from(of("pipeline.writers=4")).batchSlots());
    }

    @Test
    void shouldRefuseAKeyNoGetterAskedForNamingTheNearestOne()
    {
        final Settings s = of("pipeline.batch.row=500", "pipeline.linger=1s");
        PipelineConfig.from(s);
        final ConfigException e = assertThrows(ConfigException.class, s::refuseUnknownKeys);
        assertEquals("unknown setting 'pipeline.batch.row'; did you mean 'pipeline.batch.rows'?", e.getMessage());
    }

    @Test
    void shouldAcceptKeysAskedForAndKeysUnderAPrefixHandedOut()
    {
        final Settings s = of("a.b=1", "a.empty=", "kafka.anything=2");
        s.string("a.b", null);
        s.integer("a.empty", 0, 0, 1);
        s.string("a.absent", null);
        s.withPrefix("kafka.");
        s.refuseUnknownKeys();
    }

    @Test
    void shouldListTheFamilyOrEveryFamilyWhenNothingValidIsNear()
    {
        final Settings s = of("pipeline.colour=red", "colour=red");
        s.string("pipeline.writers", null);
        s.string("pipeline.linger", null);
        s.withPrefix("mapping.");
        assertEquals("unknown setting 'colour'; valid keys start with mapping., pipeline.",
            assertThrows(ConfigException.class, s::refuseUnknownKeys).getMessage());
        final Settings family = of("pipeline.colour=red");
        family.string("pipeline.writers", null);
        family.string("pipeline.linger", null);
        assertEquals("unknown setting 'pipeline.colour'; valid pipeline.* keys: pipeline.linger, pipeline.writers",
            assertThrows(ConfigException.class, family::refuseUnknownKeys).getMessage());
    }

    @Test
    void shouldRecordTheSettingsInForceWithDefaultsThatParseBackToThemselves()
    {
        final Settings s = of("given.size=64k", "given.text=abc", "empty.text=", "empty.int=", "prefix.a=1");
        final long[] sizes = {32L << 20, 2048, 1000, 3L << 30, 0};
        final long[] durations = {500_000_000L, 15_000_000_000L, 120_000_000_000L, 7_000L, 3_600_000_000_000L, 1_500_000L, 0};
        for (int i = 0; i < sizes.length; i++)
        {
            s.size("size." + i, sizes[i], 0, Long.MAX_VALUE);
        }
        for (int i = 0; i < durations.length; i++)
        {
            s.durationNanos("duration." + i, durations[i], 0, Long.MAX_VALUE);
        }
        s.size("given.size", 1, 0, Long.MAX_VALUE);
        s.string("given.text", "default");
        s.string("empty.text", "default");
        s.string("absent.text", null);
        s.integer("empty.int", 42, 0, 100);
        s.integer("absent.int", 43, 0, 100);
        s.withPrefix("prefix.");

        final Map<String, String> inForce = s.inForce();
        final Settings again = new Settings(inForce);
        for (int i = 0; i < sizes.length; i++)
        {
            assertEquals(sizes[i], again.size("size." + i, -1, -1, Long.MAX_VALUE), inForce.get("size." + i));
        }
        for (int i = 0; i < durations.length; i++)
        {
            assertEquals(durations[i], again.durationNanos("duration." + i, -1, -1, Long.MAX_VALUE), inForce.get("duration." + i));
        }
        assertEquals("32MiB", inForce.get("size.0"));
        assertEquals("500ms", inForce.get("duration.0"));
        assertEquals("64k", inForce.get("given.size"));
        assertEquals("abc", inForce.get("given.text"));
        assertEquals("", inForce.get("empty.text"), "an empty string is what was given");
        assertEquals("", inForce.get("absent.text"));
        assertEquals("42", inForce.get("empty.int"), "an empty number takes its default");
        assertEquals("43", inForce.get("absent.int"));
        assertEquals("1", inForce.get("prefix.a"));
        assertEquals(5 + 7 + 6 + 1, inForce.size(), inForce.toString());
    }

    @Test
    void shouldTellAnEmptyValueFromAnAbsentOne()
    {
        final Settings s = of("port=", "other=1");
        s.integer("port", 9464, 0, 65_535);
        assertTrue(s.givenEmpty("port"));
        assertEquals("", s.inForce().get("port"));
        assertTrue(!s.givenEmpty("other") && !s.givenEmpty("absent"));
        s.refuseUnknownKeys();
    }
}
