package io.ringest.engine;

import java.util.List;

/** Where records that cannot become rows go; called by writer threads, so implementations are thread-safe. */
public interface DeadLetterSink extends AutoCloseable
{
    /** Sends the letters and returns true once every one is durably stored; false if any was not. Never throws. */
    boolean send(List<DeadLetter> letters);

    /**
     * The value of a source record read back by its coordinates, for a row the table refused after it was encoded;
     * an empty array if the source no longer holds it (retention), null if it cannot be read now (try again later).
     * Never throws.
     */
    byte[] original(String topic, int partition, long offset);

    @Override
    void close();
}
