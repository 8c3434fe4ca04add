package io.ringest.kafka;

import io.ringest.engine.ConfigException;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How the pollers belong to the consumer group. With an instance name (the default: host name and group) each poller
 * is a static member, {@code group.instance.id = <instance>-poller-<i>}, so a process restarted after a crash takes
 * its partitions back at once instead of waiting for the dead member's session to time out; {@code kafka.instance.id=}
 * empty makes them dynamic members. Immutable.
 *
 * @param instanceId      {@code kafka.instance.id}; empty for dynamic membership
 * @param consumerProtocol whether {@code kafka.group.protocol=consumer} (KIP-848), whose session timeout is the broker's
 */
public record GroupMembership(String instanceId, boolean consumerProtocol)
{
    /** Chosen over Kafka's 45 s: a static member gone for good (not restarted) holds its partitions this long. */
    static final String SESSION_TIMEOUT_MS = "30000";
    /** Kafka's limit on a group.instance.id (249) less the longest poller suffix, {@code -poller-63}. */
    private static final int MAX_LENGTH = 249 - "-poller-63".length();
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]+");

    public GroupMembership
    {
        if (!instanceId.isEmpty() && (instanceId.length() > MAX_LENGTH || !VALID.matcher(instanceId).matches()))
        {
            throw new ConfigException("kafka.instance.id must be 1 to " + MAX_LENGTH + " characters of A-Z a-z 0-9 . _ -"
                + " (or empty for dynamic group membership), got '" + instanceId + "'");
        }
    }

    /**
     * Reads {@code kafka.instance.id} from the {@code kafka.*} keys (prefix removed): absent means the default,
     * {@code <host name>-<group>}, empty means dynamic membership. Refuses settings that would defeat it.
     */
    static GroupMembership from(final Map<String, String> kafkaKeys, final String groupId)
    {
        if (kafkaKeys.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG))
        {
            throw new ConfigException("kafka.group.instance.id cannot be set: each poller gets group.instance.id "
                + "<kafka.instance.id>-poller-<i>; set kafka.instance.id instead (empty for dynamic membership)");
        }
        final boolean consumerProtocol =
            "consumer".equals(kafkaKeys.getOrDefault(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic").trim().toLowerCase(Locale.ROOT));
        for (final String key : new String[] {ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG})
        {
            if (consumerProtocol && kafkaKeys.containsKey(key))
            {
                throw new ConfigException("kafka." + key + " cannot be set with kafka.group.protocol=consumer: the broker's "
                    + "group.consumer." + key + " applies; remove it or use kafka.group.protocol=classic");
            }
        }
        final String configured = kafkaKeys.get("instance.id");
        final String instanceId = configured == null ? defaultInstanceId(groupId) : configured.trim();
        return new GroupMembership(instanceId, consumerProtocol);
    }

    /** {@code <host name>-<group>}, with characters Kafka does not allow replaced by {@code _}. */
    static String defaultInstanceId(final String groupId)
    {
        final String host;
        try
        {
            host = InetAddress.getLocalHost().getHostName();
        }
        catch (final UnknownHostException e)
        {
            throw new ConfigException("kafka.instance.id is not set and the host name, its default, is unknown (" +
                e.getMessage() + "); set kafka.instance.id to a name unique to this process, or empty for dynamic membership");
        }
        final String id = (host + "-" + groupId).replaceAll("[^A-Za-z0-9._-]", "_");
        return id.length() > MAX_LENGTH ? id.substring(0, MAX_LENGTH) : id;
    }

    /** Adds the poller's group.instance.id (static membership) and, on the classic protocol, the session timeout default. */
    void apply(final Map<String, Object> props, final int poller)
    {
        if (!instanceId.isEmpty())
        {
            props.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId + "-poller-" + poller);
        }
        if (!consumerProtocol)
        {
            props.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        }
    }

    /** The one line logged when the group fenced a poller because another live process uses the same instance name. */
    String fencedMessage(final String groupId)
    {
        return "another live consumer in group " + groupId + " uses kafka.instance.id=" + instanceId + " (group.instance.id "
            + instanceId + "-poller-<i>), so the group fenced this one: give every ringest process of the group its own "
            + "kafka.instance.id (the default, <host name>-<group>, is the same for two processes on one host)";
    }

    /**
     * The one line logged when, on the consumer protocol, the group refuses this instance name because a member that
     * did not leave (killed, or alive elsewhere) still holds it: unlike the classic protocol, it is not taken over.
     */
    String unreleasedMessage(final String groupId)
    {
        return "group " + groupId + " still holds kafka.instance.id=" + instanceId + " for a member that did not leave (a "
            + "killed run, or another live process with the same name): with kafka.group.protocol=consumer a static "
            + "member cannot rejoin until the broker's group.consumer.session.timeout.ms (45 s by default) has passed; "
            + "restart later, or use kafka.group.protocol=classic, which takes the name over at once";
    }

    /** For the start-up banner: {@code static, kafka.instance.id=h-g} or {@code dynamic}, and the protocol. */
    String describe()
    {
        return (instanceId.isEmpty() ? "dynamic members" : "static members " + instanceId + "-poller-<i>")
            + ", group.protocol " + (consumerProtocol ? "consumer" : "classic");
    }
}
