package io.ringest.app;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The last warnings and errors logged, at most {@code capacity}, for {@code /status}: a log line that starts with
 * {@code WARN} or {@code ERROR} is kept with its time, the oldest dropped first. Any thread may log; rare, so a lock.
 */
final class RecentErrors
{
    /** One warning or error: when it was logged and its line. */
    record Entry(Instant time, String message)
    {
    }

    private final ArrayDeque<Entry> entries;
    private final int capacity;

    RecentErrors(final int capacity)
    {
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(capacity);
    }

    /** A log that writes to {@code log} and keeps the warnings and errors here. */
    Consumer<String> recording(final Consumer<String> log)
    {
        return message ->
        {
            log.accept(message);
            if (message.startsWith("WARN") || message.startsWith("ERROR"))
            {
                add(Instant.now(), message);
            }
        };
    }

    synchronized void add(final Instant time, final String message)
    {
        if (entries.size() == capacity)
        {
            entries.removeFirst();
        }
        entries.addLast(new Entry(time, message));
    }

    /** Oldest first. */
    synchronized List<Entry> last()
    {
        return List.copyOf(entries);
    }
}
