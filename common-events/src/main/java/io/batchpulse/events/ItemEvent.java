package io.batchpulse.events;

import java.util.UUID;

/** An event about one attempt of one item. Only events of an item's current attempt move its state. */
public interface ItemEvent extends BatchEvent {

    /** Every item event's type starts with it. */
    String TYPE_PREFIX = "item.";

    UUID itemId();

    long index();

    int attempt();

    String workerId();

    String label();
}
