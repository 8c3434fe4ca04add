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
}
