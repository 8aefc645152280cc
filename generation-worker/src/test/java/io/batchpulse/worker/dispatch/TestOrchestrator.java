package io.batchpulse.worker.dispatch;

import io.batchpulse.events.Topics;
import io.batchpulse.testsupport.TestInfrastructure;
import io.batchpulse.worker.support.WorkerKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/** The test in the orchestrator's place: plain Kafka clients on the worker's own topics, per test. */
abstract class TestOrchestrator {

    @Autowired
    Topics topics;

    WorkerKafka kafka;

    @BeforeEach
    void connect() {
        kafka = new WorkerKafka(TestInfrastructure.broker().bootstrapServers(), topics);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }
}
