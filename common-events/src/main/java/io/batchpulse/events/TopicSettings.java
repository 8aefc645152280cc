package io.batchpulse.events;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The topic settings every service binds under {@code <service>.topics}: the name prefix and how
 * the topics are created at start-up. Left-out values take the contract's defaults, so all
 * services declare the same topics whichever starts first. A blank prefix counts as left out: a
 * service's {@code ${BATCHPULSE_TOPIC_PREFIX:}} placeholder then yields the default, which so
 * lives only here.
 */
public record TopicSettings(
        String prefix,
        @Min(1) Integer commandPartitions,
        @Min(1) Integer dispatchPartitions,
        @Min(1) Integer eventPartitions,
        @Min(1) Short replicas,
        Duration eventRetention) {

    public TopicSettings {
        TopicSizing defaults = TopicSizing.defaults();
        prefix = prefix == null || prefix.isBlank() ? Topics.DEFAULT_PREFIX : prefix;
        commandPartitions = commandPartitions == null ? defaults.commandPartitions() : commandPartitions;
        dispatchPartitions = dispatchPartitions == null ? defaults.dispatchPartitions() : dispatchPartitions;
        eventPartitions = eventPartitions == null ? defaults.eventPartitions() : eventPartitions;
        replicas = replicas == null ? defaults.replicas() : replicas;
        eventRetention = eventRetention == null ? Duration.ofMillis(defaults.eventRetentionMs()) : eventRetention;
    }

    public static TopicSettings defaults() {
        return new TopicSettings(null, null, null, null, null, null);
    }

    public Topics names() {
        return new Topics(prefix);
    }

    public TopicSizing sizing() {
        return new TopicSizing(commandPartitions, dispatchPartitions, eventPartitions, replicas,
                eventRetention.toMillis());
    }

    /** Every Batchpulse topic and dead-letter topic, ready for an admin client to create. */
    public List<NewTopic> newTopics() {
        Topics names = names();
        return Stream.concat(names.specs(sizing()).stream(), names.deadLetterSpecs(sizing()).stream())
                .map(spec -> new NewTopic(spec.name(), spec.partitions(), spec.replicas()).configs(spec.configs()))
                .toList();
    }
}
