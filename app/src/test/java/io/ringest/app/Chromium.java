package io.ringest.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium} package, {@code /usr/bin/chromium}, installed by {@code scripts/test.sh})
 * run once per page load as a child process with its own profile under {@code dir}: it loads the page, runs its
 * scripts for {@code budgetMillis} of virtual time, then prints the DOM or writes a screenshot.
 */
final class Chromium
{
    static final Path BINARY = Path.of(System.getProperty("RINGEST_CHROMIUM", "/usr/bin/chromium"));
    private final Path dir;

    Chromium(final Path dir)
    {
        this.dir = dir;
    }

    static boolean installed()
    {
        return Files.isExecutable(BINARY);
    }

    /** The DOM as serialized after the page's scripts ran. */
    String dumpDom(final String url, final int budgetMillis) throws IOException, InterruptedException
    {
        return run(List.of("--dump-dom", url), budgetMillis);
    }

    void screenshot(final String url, final Path png, final int width, final int height, final int budgetMillis)
        throws IOException, InterruptedException
    {
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
            "--hide-scrollbars", url), budgetMillis);
        if (!Files.isRegularFile(png) || Files.size(png) == 0)
        {
            throw new AssertionError("chromium wrote no screenshot to " + png);
        }
    }

    private String run(final List<String> what, final int budgetMillis) throws IOException, InterruptedException
    {
        final Path profile = Files.createTempDirectory(dir, "chromium-profile");
        final Path out = dir.resolve(profile.getFileName() + ".out");
        final Path err = dir.resolve(profile.getFileName() + ".err");
        final List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--disable-gpu",
            "--no-sandbox", "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
            "--virtual-time-budget=" + budgetMillis));
        command.addAll(what);
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s: " + command + "; stderr in " + err);
        }
        if (process.exitValue() != 0)
        {
            throw new AssertionError("chromium exited with " + process.exitValue() + ": " + Files.readString(err));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
