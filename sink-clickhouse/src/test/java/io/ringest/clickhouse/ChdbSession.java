package io.ringest.clickhouse;

import io.ringest.clickhouse.encode.Column;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An embedded ClickHouse 26 (chdb, {@code tools/chdb/session.mjs}) for the {@code *ChdbIT} tests: runs SQL statements,
 * separated by {@code ;} at the end of a line, in one session. Needs node and {@code npm install --prefix tools/chdb}.
 */
final class ChdbSession
{
    private static final Path TOOLS = Path.of("..", "tools", "chdb").toAbsolutePath().normalize();

    private ChdbSession()
    {
    }

    /** Runs the statements, the SQL file written in {@code dir}, and returns what the last one printed as TabSeparated. */
    static String run(final Path dir, final String sql) throws IOException, InterruptedException
    {
        assertTrue(Files.isDirectory(TOOLS.resolve("node_modules").resolve("chdb")),
            "chdb is not installed in " + TOOLS + ": run `npm install --prefix tools/chdb` from the repository root");
        final Path file = Files.createTempFile(dir, "session", ".sql");
        Files.writeString(file, sql);
        final String node = System.getenv().getOrDefault("NODE", "node");
        final Process process = new ProcessBuilder(node, TOOLS.resolve("session.mjs").toString(), file.toString())
            .redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "chdb did not finish in 120 s");
        assertEquals(0, process.exitValue(), () -> "chdb failed: " + output);
        return output;
    }

    /** The columns of {@code table} as ringest reads them: DESCRIBE TABLE as TabSeparated, unescaped. */
    static List<Column> describe(final Path dir, final String ddl, final String table) throws IOException, InterruptedException
    {
        final List<Column> columns = new ArrayList<>();
        for (final List<String> row : TabSeparated.rows(run(dir, ddl + "\nDESCRIBE TABLE " + table + ";")))
        {
            columns.add(new Column(row.get(0), row.get(1), row.get(2), row.get(3)));
        }
        return columns;
    }
}
