package io.ringest.clickhouse;

import java.util.UUID;

/**
 * Query ids of ringest's inserts: {@code ringest-<process>-<uuid>}, so that a process can tell in {@code system.processes}
 * the inserts that other ringest processes (a killed predecessor among them) still have running from its own.
 */
final class QueryIds
{
    /** The prefix of every ringest insert's query id. */
    static final String ANY = "ringest-";
    /** The prefix of this process's inserts. */
    static final String OWN = ANY + UUID.randomUUID().toString().substring(0, 8) + "-";

    private QueryIds()
    {
    }

    /** A new query id of this process. */
    static String next()
    {
        return OWN + UUID.randomUUID();
    }
}
