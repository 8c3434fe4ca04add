package io.ringest.engine;

/**
 * Where encoded rows go: one instance per writer thread, called by that thread only.
 * The rows must not be read after {@link #insert} returns: the buffer is then reused.
 */
public interface BatchSink extends AutoCloseable
{
    /** Sends {@code rowCount} rows and returns once the server has answered; never throws. */
    InsertOutcome insert(RowBuffer rows, int rowCount);

    /** What went wrong with the last insert that was not {@link InsertOutcome#ACKNOWLEDGED}. */
    String failure();

    @Override
    void close();
}
