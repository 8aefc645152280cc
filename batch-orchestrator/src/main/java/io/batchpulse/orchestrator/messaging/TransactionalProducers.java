package io.batchpulse.orchestrator.messaging;

import org.apache.kafka.clients.producer.Producer;

/**
 * Builds a transactional producer under a given id, configured and serializing as the shared
 * producer does. For ids that must stay the same across instances and restarts (so that a new
 * holder fences the one before), which Spring's transactional factories do not give.
 */
@FunctionalInterface
public interface TransactionalProducers {

    Producer<String, Object> create(String transactionalId);
}
