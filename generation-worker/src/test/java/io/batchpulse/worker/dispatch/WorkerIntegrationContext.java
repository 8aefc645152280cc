package io.batchpulse.worker.dispatch;

import io.batchpulse.events.Topics;
import io.batchpulse.testsupport.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one worker that the dispatch integration tests share (Spring caches the context for every
 * subclass): a real broker, topics of its own, and the test playing the orchestrator with plain
 * Kafka clients.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class WorkerIntegrationContext extends TestOrchestrator {

    static final String PREFIX = TestInfrastructure.uniquePrefix();
    static final String GROUP = PREFIX + "workers";

    /**
     * batch-events' max.message.bytes here: under worker.max-result-size (900 KB), as on a broker
     * configured tighter than the worker, so an outcome between the two is refused by the broker.
     */
    static final int EVENT_TOPIC_MAX_BYTES = 256 * 1024;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        createEventTopic();
        registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.broker().bootstrapServers());
        registry.add("worker.topics.prefix", () -> PREFIX);
        registry.add("worker.topics.dispatch-partitions", () -> 3);
        registry.add("worker.topics.event-partitions", () -> 3);
        registry.add("worker.group", () -> GROUP);
        registry.add("worker.id", () -> "worker-under-test");
        // the endpoint of throttledLastAttempt…: a loopback address of its own, so 127.0.0.1 stays refused
        registry.add("worker.http.allowed-targets", () -> "127.0.0.2");
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Dead letters the worker counted for item-dispatch, whatever their cause. */
    double deadLettersCounted() {
        return meters.find("batchpulse.dlt.records").tag("topic", topics.itemDispatch()).counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    /** Before the worker starts, so its own declaration finds the topic and leaves its settings alone. */
    private static void createEventTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.broker().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(new Topics(PREFIX).batchEvents(), 3, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(EVENT_TOPIC_MAX_BYTES)))))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create the test's batch-events topic", e);
        }
    }
}
