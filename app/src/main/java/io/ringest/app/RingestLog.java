package io.ringest.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ringest's one-line messages into SLF4J, logger {@value #NAME}: the engine and the client wrappers report through a
 * {@code Consumer<String>} ({@link io.ringest.engine.PipelineFailure}'s style), where a leading {@code "WARN "} or
 * {@code "ERROR "} gives the level and anything else is INFO. {@code config/logback.xml} says where lines go and how
 * they look. Any thread.
 */
final class RingestLog
{
    static final String NAME = "io.ringest";
    private static final Logger LOG = LoggerFactory.getLogger(NAME);
    private static final String WARN = "WARN ";
    private static final String ERROR = "ERROR ";

    private RingestLog()
    {
    }

    static void log(final String message)
    {
        if (message.startsWith(ERROR))
        {
            LOG.error(message.substring(ERROR.length()));
        }
        else if (message.startsWith(WARN))
        {
            LOG.warn(message.substring(WARN.length()));
        }
        else
        {
            LOG.info(message);
        }
    }
}
