package io.batchpulse.testsupport;

/** A running Kafka broker (KRaft) for tests. */
public interface Broker {

    void start();

    String bootstrapServers();

    void stop();
}
