package io.ringest.engine;

/**
 * Turns one record into one row appended to a {@link RowBuffer}.
 * An instance is used by the batching thread only, so it may keep reusable scratch state.
 */
public interface RowEncoder
{
    /**
     * @return true if a row was appended; false if the record cannot become a row, in which case
     * {@code out} is left as it was and {@link #failure()} says why.
     */
    boolean encode(LogEvent event, RowBuffer out);

    /** Why the last {@link #encode} returned false, e.g. {@code "field 'timestamp': not an RFC 3339 timestamp"}. */
    String failure();

    /** The rows encoded since the last call went out as one batch; an encoder may check what they had in common. */
    default void batchPublished()
    {
    }

    /**
     * A batch starts: returns what the rows encoded into it will look like, as a tag the engine hands with them to
     * {@link BatchSink#insert(RowBuffer, int, int, int, String, Object)}, e.g. the table columns they are encoded for, so
     * that rows encoded before the table changed are inserted as such. An encoder may take up a new layout here and only
     * here, so that all rows of a batch segment have one. Null if the encoder has one shape.
     */
    default Object batchStarted()
    {
        return null;
    }
}
