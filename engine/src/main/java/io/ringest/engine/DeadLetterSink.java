package io.ringest.engine;

import java.util.List;

/** Where records that cannot become rows go; called by writer threads, so implementations are thread-safe. */
public interface DeadLetterSink extends AutoCloseable
{
    /** Sends the letters and returns true once every one is durably stored; false if any was not. Never throws. */
    boolean send(List<DeadLetter> letters);

    @Override
    void close();
}
