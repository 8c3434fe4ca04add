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

    /**
     * The rows encoded since the last call went out as one batch; an encoder may check what they had in common, and may
     * switch to another {@link #layout()} here, and only here, so that every batch segment is encoded with one layout.
     */
    default void batchPublished()
    {
    }

    /**
     * What the rows encoded from now until the next {@link #batchPublished()} look like, as a tag the engine hands with
     * them to {@link BatchSink#insert(RowBuffer, int, int, int, String, Object)}: e.g. the table columns they were
     * encoded for, so rows encoded before the table changed are inserted as such. Null if the encoder has one shape.
     */
    default Object layout()
    {
        return null;
    }
}
