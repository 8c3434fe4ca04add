package io.ringest.app;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecentErrorsTest
{
    @Test
    void shouldKeepTheLastWarningsAndErrorsAndLogEverything()
    {
        final List<String> logged = new ArrayList<>();
        final RecentErrors errors = new RecentErrors(3);
        final Consumer<String> log = errors.recording(logged::add);
        log.accept("group g: 2 pollers");
        for (int i = 0; i < 5; i++)
        {
            log.accept((i % 2 == 0 ? "WARN " : "ERROR ") + i);
        }
        log.accept("WARN no /metrics");
        assertEquals(7, logged.size());
        assertEquals(List.of("ERROR 3", "WARN 4", "WARN no /metrics"),
            errors.last().stream().map(RecentErrors.Entry::message).toList());
    }
}
