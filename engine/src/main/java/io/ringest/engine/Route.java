package io.ringest.engine;

import java.util.List;

/**
 * One destination of the pipeline: its name (in dead letters and messages), the encoder of its rows (used by the
 * batching thread) and its sinks, one per writer thread. Every route shares the rings, the batches (one segment each)
 * and the writer threads.
 */
public record Route(String name, RowEncoder encoder, List<BatchSink> sinks)
{
    /** The name of the one route of a pipeline configured without routes. */
    public static final String DEFAULT = "default";

    public Route
    {
        sinks = List.copyOf(sinks);
    }
}
