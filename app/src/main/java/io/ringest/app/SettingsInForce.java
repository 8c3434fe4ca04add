package io.ringest.app;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Every setting in force, defaults included, with secrets masked: logged as one block at start-up and served in
 * {@code /status}. A key is secret if its name says password, secret, token, credential or key material, or it is a
 * JAAS config (which carries the SASL password). Immutable.
 */
public final class SettingsInForce
{
    static final String MASK = "****";
    private static final Pattern SECRET =
        Pattern.compile(".*(password|secret|token|credential|jaas\\.config|keystore\\.key|private\\.key).*");
    private final Map<String, String> masked;

    /** {@code inForce}: every key and its value in force, as {@code Settings.inForce()} gives them. */
    SettingsInForce(final Map<String, String> inForce)
    {
        final Map<String, String> sorted = new TreeMap<>();
        inForce.forEach((key, value) -> sorted.put(key, isSecret(key) && !value.isEmpty() ? MASK : value));
        this.masked = Collections.unmodifiableMap(sorted);
    }

    static boolean isSecret(final String key)
    {
        return SECRET.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }

    /** Key to value in force, sorted by key, secrets replaced by {@value #MASK} (an empty secret stays empty). */
    Map<String, String> masked()
    {
        return masked;
    }

    /** The start-up block: a heading line, then {@code key=value} per line, indented. */
    String logBlock()
    {
        final StringBuilder block = new StringBuilder("settings in force (" + masked.size()
            + ", defaults included, secrets masked):");
        masked.forEach((key, value) -> block.append("\n    ").append(key).append('=').append(value));
        return block.toString();
    }
}
