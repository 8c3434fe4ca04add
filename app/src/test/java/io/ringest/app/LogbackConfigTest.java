package io.ringest.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped config/logback.xml and logback-json.xml: they load cleanly, set the same levels, and format as documented. */
class LogbackConfigTest
{
    private static final Path CONFIG = Path.of("..").toAbsolutePath().normalize().resolve("config");
    private static final String MESSAGE = "topic 'a\"b' of kafka.topics does not exist\tyet\nsecond line";

    @Test
    void shouldKeepKafkaQuietAndHttpHeadersOutWhateverTheFormat() throws Exception
    {
        final Map<String, Level> expected = new LinkedHashMap<>();
        expected.put("io.ringest", Level.INFO);
        expected.put("io.ringest.progress", Level.INFO);
        expected.put("org.apache.kafka.clients.consumer.internals.ConsumerCoordinator", Level.WARN);
        expected.put("org.apache.kafka.clients.NetworkClient", Level.ERROR);
        expected.put("com.clickhouse.client.api.Client", Level.WARN);
        expected.put("org.apache.hc.client5.http.headers", Level.INFO);
        expected.put("org.apache.hc.client5.http.wire", Level.INFO);
        expected.put("org.apache.hc.client5.http.impl.classic.InternalHttpClient", Level.WARN);
        for (final String file : List.of("logback.xml", "logback-json.xml"))
        {
            final LoggerContext context = load(file);
            final Map<String, Level> levels = new LinkedHashMap<>();
            expected.keySet().forEach(name -> levels.put(name, context.getLogger(name).getEffectiveLevel()));
            assertEquals(expected, levels, file);
            context.stop();
        }
    }

    @Test
    void shouldWriteTextLinesWithTheLevelUnlessInfoAndTheLoggerUnlessRingest() throws Exception
    {
        final LoggerContext context = load("logback.xml");
        assertEquals("ringest: WARN " + MESSAGE + "\n", withoutTime(encode(context, "io.ringest", Level.WARN, MESSAGE)));
        assertEquals("ringest:   1,000 logs/s\n", withoutTime(encode(context, "io.ringest.progress", Level.INFO, "  1,000 logs/s")));
        assertEquals("o.a.k.c.NetworkClient: ERROR x\n",
            withoutTime(encode(context, "org.apache.kafka.clients.NetworkClient", Level.ERROR, "x")));
        context.stop();
    }

    @Test
    void shouldWriteOneJsonObjectPerLineThatJacksonReadsBack() throws Exception
    {
        final LoggerContext context = load("logback-json.xml");
        final String line = encode(context, "io.ringest", Level.WARN, MESSAGE);
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
        final JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("WARN", json.get("level").asText());
        assertEquals("io.ringest", json.get("loggerName").asText());
        assertEquals(MESSAGE, json.get("formattedMessage").asText());
        assertEquals(1_700_000_000_123L, json.get("timestamp").asLong());
        context.stop();
    }

    @Test
    void shouldTakeTheLevelFromTheMessagePrefix()
    {
        final Logger ringest = (Logger)LoggerFactory.getLogger(RingestLog.NAME);
        final ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        ringest.addAppender(events);
        try
        {
            RingestLog.log("ERROR it broke");
            RingestLog.log("WARN look");
            RingestLog.log("WARNING is not a prefix");
            RingestLog.log("assigned [t-0]");
        }
        finally
        {
            ringest.detachAppender(events);
        }
        assertEquals(List.of("ERROR it broke", "WARN look", "INFO WARNING is not a prefix", "INFO assigned [t-0]"),
            events.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList());
    }

    /** A fresh Logback context configured from the shipped file; fails on any warning Logback reports while reading it. */
    private static LoggerContext load(final String file) throws Exception
    {
        final LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(CONFIG.resolve(file).toFile());
        assertTrue(new StatusUtil(context).getHighestLevel(0) < Status.WARN,
            file + ": " + context.getStatusManager().getCopyOfStatusList());
        return context;
    }

    /** What the root logger's one appender writes for an event at 1_700_000_000_123 ms. */
    private static String encode(final LoggerContext context, final String logger, final Level level, final String message)
    {
        final LoggingEvent event = new LoggingEvent(Logger.class.getName(), context.getLogger(logger), level, message, null, null);
        event.setTimeStamp(1_700_000_000_123L);
        final OutputStreamAppender<ILoggingEvent> appender =
            (OutputStreamAppender<ILoggingEvent>)context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("stderr");
        return new String(appender.getEncoder().encode(event), StandardCharsets.UTF_8);
    }

    /** The line without its leading local time, which is checked to be HH:mm:ss.SSS. */
    private static String withoutTime(final String line)
    {
        assertTrue(line.matches("(?s)\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d .*"), line);
        return line.substring(13);
    }
}
