package io.batchpulse.events;

import java.util.Map;

/** A topic as a service declares it at start-up. */
public record TopicSpec(String name, int partitions, short replicas, Map<String, String> configs) {
}
