package io.ringest.kafka;

import io.ringest.engine.ConfigException;
import io.ringest.engine.Settings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupMembershipTest
{
    @Test
    void shouldMakeEachPollerAStaticMemberNamedAfterTheHostAndGroupByDefault() throws Exception
    {
        final KafkaConfig config = config("kafka.group.id", "orders/eu");
        final String host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
        assertEquals(host + "-orders_eu-poller-0", config.consumerProperties(0).get("group.instance.id"));
        assertEquals(host + "-orders_eu-poller-3", config.consumerProperties(3).get("group.instance.id"));
        assertEquals("30000", config.consumerProperties(0).get("session.timeout.ms"));
        assertKafkaAccepts(config.consumerProperties(1));
    }

    @Test
    void shouldUseTheConfiguredInstanceNameAndTheUsersSessionTimeout()
    {
        final KafkaConfig config = config("kafka.instance.id", "web-3.eu_1", "kafka.session.timeout.ms", "12000");
        assertEquals("web-3.eu_1-poller-1", config.consumerProperties(1).get("group.instance.id"));
        assertEquals("12000", config.consumerProperties(1).get("session.timeout.ms"));
        assertKafkaAccepts(config.consumerProperties(1));
    }

    @Test
    void shouldJoinAsDynamicMembersWhenTheInstanceNameIsEmpty()
    {
        for (final String empty : new String[] {"", "  "})
        {
            final Map<String, Object> props = config("kafka.instance.id", empty).consumerProperties(0);
            assertFalse(props.containsKey("group.instance.id"), props.toString());
            assertEquals("30000", props.get("session.timeout.ms"));
        }
    }

    @Test
    void shouldLeaveTheSessionTimeoutToTheBrokerOnTheConsumerProtocol()
    {
        final Map<String, Object> props = config("kafka.group.protocol", "consumer", "kafka.instance.id", "a").consumerProperties(2);
        assertFalse(props.containsKey("session.timeout.ms"), props.toString());
        assertEquals("a-poller-2", props.get("group.instance.id"));
        assertKafkaAccepts(props);
    }

    @Test
    void shouldRefuseSettingsThatDefeatStaticMembershipNamingTheKey()
    {
        assertRefused("kafka.instance.id must be 1 to 239 characters of A-Z a-z 0-9 . _ - (or empty for dynamic group "
            + "membership), got 'web 3'", "kafka.instance.id", "web 3");
        assertRefused("kafka.instance.id must be 1 to 239", "kafka.instance.id", "x".repeat(240));
        assertEquals("x".repeat(239) + "-poller-63",
            config("kafka.instance.id", "x".repeat(239), "pipeline.pollers", "64").consumerProperties(63).get("group.instance.id"));
        assertRefused("kafka.group.instance.id cannot be set: each poller gets group.instance.id <kafka.instance.id>-poller-<i>; "
            + "set kafka.instance.id instead", "kafka.group.instance.id", "a");
        assertRefused("kafka.session.timeout.ms cannot be set with kafka.group.protocol=consumer: the broker's "
            + "group.consumer.session.timeout.ms applies", "kafka.group.protocol", "CONSUMER", "kafka.session.timeout.ms", "9000");
        assertRefused("kafka.heartbeat.interval.ms cannot be set with kafka.group.protocol=consumer",
            "kafka.group.protocol", "consumer", "kafka.heartbeat.interval.ms", "900");
    }

    @Test
    void shouldNameTheSettingWhenFenced()
    {
        final KafkaConfig config = config("kafka.instance.id", "web-3");
        final String message = config.membership().fencedMessage(config.groupId());
        assertTrue(message.startsWith("another live consumer in group g uses kafka.instance.id=web-3 (group.instance.id "
            + "web-3-poller-<i>), so the group fenced this one: give every ringest process of the group its own "
            + "kafka.instance.id"), message);
    }

    /** Kafka's own checks: the consumer's config parser and the broker's rule for a group.instance.id. */
    private static void assertKafkaAccepts(final Map<String, Object> props)
    {
        assertDoesNotThrow(() -> new ConsumerConfig(props));
        assertDoesNotThrow(() -> JoinGroupRequest.validateGroupInstanceId((String) props.get("group.instance.id")));
    }

    private static void assertRefused(final String expectedStart, final String... keyValues)
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> config(keyValues));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }

    private static KafkaConfig config(final String... keyValues)
    {
        final Map<String, String> values = new HashMap<>(Map.of(
            "kafka.bootstrap.servers", "127.0.0.1:9092", "kafka.topics", "logs", "kafka.group.id", "g"));
        for (int i = 0; i < keyValues.length; i += 2)
        {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return KafkaConfig.from(new Settings(values));
    }
}
