package io.ringest.engine;

/**
 * Where encoded rows go: one instance per writer thread, called by that thread only.
 * The rows must not be read after {@link #insert} returns: the buffer is then reused.
 */
public interface BatchSink extends AutoCloseable
{
    /**
     * Sends the {@code rowCount} rows held in bytes {@code [from, to)} of {@code rows} as one insert and returns once the
     * server has answered; never throws. A {@link InsertOutcome#REJECTED_DATA} answer must mean that none of them was
     * stored: the writer then splits the range to find the rows at fault.
     */
    InsertOutcome insert(RowBuffer rows, int from, int to, int rowCount);

    /**
     * As {@link #insert(RowBuffer, int, int, int)}, with a token naming the source records of these rows, the same for
     * every attempt to send them, which a sink may use to make a repeated insert a no-op on the server.
     */
    default InsertOutcome insert(final RowBuffer rows, final int from, final int to, final int rowCount, final String token)
    {
        return insert(rows, from, to, rowCount);
    }

    /**
     * As {@link #insert(RowBuffer, int, int, int, String)}, for rows encoded with {@code layout}, the tag their encoder's
     * {@link RowEncoder#batchStarted()} gave (null if it gave none): a sink whose table may change shape while it runs
     * inserts them as that layout says. The writers call this one.
     */
    default InsertOutcome insert(
        final RowBuffer rows, final int from, final int to, final int rowCount, final String token, final Object layout)
    {
        return insert(rows, from, to, rowCount, token);
    }

    /** Sends every row in {@code rows}. */
    default InsertOutcome insert(final RowBuffer rows, final int rowCount)
    {
        return insert(rows, 0, rows.size(), rowCount);
    }

    /** What went wrong with the last insert that was not {@link InsertOutcome#ACKNOWLEDGED}. */
    String failure();

    @Override
    void close();
}
