package io.ringest.engine;

/** A setting is missing or out of range; the message names the key and what is valid. */
public final class ConfigException extends RuntimeException
{
    public ConfigException(final String message)
    {
        super(message);
    }
}
