package io.batchpulse.testsupport;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** spring-kafka-test's KRaft broker in this JVM, on a random port. */
final class EmbeddedBroker implements Broker {

    private final EmbeddedKafkaBroker kafka = new EmbeddedKafkaKraftBroker(1, 1)
            .brokerProperties(Map.of(
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1",
                    "offsets.topic.replication.factor", "1",
                    // share groups (the workers' dispatch-group: share-group) keep their state here
                    "share.coordinator.state.topic.replication.factor", "1",
                    "share.coordinator.state.topic.min.isr", "1",
                    "group.initial.rebalance.delay.ms", "0",
                    "auto.create.topics.enable", "true"));

    @Override
    public void start() {
        kafka.afterPropertiesSet();
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBrokersAsString();
    }

    @Override
    public void stop() {
        kafka.destroy();
    }
}
