package io.ringest.engine;

/**
 * The optional parts of a Kafka record the sink reads besides its value, coordinates and timestamp: the key and the
 * headers. Pollers copy only the parts asked for into the ring, so a table without {@code _key} or {@code _headers}
 * pays nothing for them. Immutable.
 *
 * @param key     copy the record key ({@link LogEvent#copyKey})
 * @param headers copy the record headers ({@link LogEvent#headers()})
 */
public record RecordParts(boolean key, boolean headers)
{
    /** Value and coordinates only. */
    public static final RecordParts NONE = new RecordParts(false, false);
}
