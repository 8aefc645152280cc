package io.batchpulse.testsupport;

import org.testcontainers.kafka.KafkaContainer;

/** Apache Kafka's own image in KRaft mode, for machines with a Docker engine. */
final class ContainerBroker implements Broker {

    private final KafkaContainer kafka = new KafkaContainer("apache/kafka-native:4.2.0");

    @Override
    public void start() {
        kafka.start();
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public void stop() {
        kafka.stop();
    }
}
