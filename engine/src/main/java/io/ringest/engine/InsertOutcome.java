package io.ringest.engine;

/** What a {@link BatchSink} made of one insert. */
public enum InsertOutcome
{
    /** The server stored every row. */
    ACKNOWLEDGED,
    /** A transient failure (I/O, timeout, overload): the same rows may be sent again. */
    RETRY,
    /** The server refused the rows themselves: sending them again cannot help. */
    REJECTED_DATA,
    /** Configuration or permission failure: nothing will succeed until an operator acts. */
    FATAL
}
