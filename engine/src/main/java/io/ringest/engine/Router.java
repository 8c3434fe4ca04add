package io.ringest.engine;

/**
 * Picks each record's route: the batch segment, encoder and table it goes to. Called by the batching thread only,
 * once per record before it is encoded, so it must not allocate unless it refuses the record.
 */
public interface Router
{
    /** Every record to route 0: a pipeline with one route. */
    Router SINGLE = new Router()
    {
        @Override
        public int route(final LogEvent event)
        {
            return 0;
        }

        @Override
        public String failure()
        {
            return "";
        }
    };

    /** The record's route, an index into the pipeline's routes, or -1 if none takes it ({@link #failure()} says why). */
    int route(LogEvent event);

    /** Why the last {@link #route} returned -1, e.g. {@code no route takes it: field 'kind' is 'debug' ...}. */
    String failure();
}
