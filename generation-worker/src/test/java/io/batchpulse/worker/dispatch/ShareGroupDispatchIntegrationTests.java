package io.batchpulse.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.events.json.ItemDispatchSerde;
import io.batchpulse.testsupport.TestInfrastructure;
import io.batchpulse.worker.support.Dispatches;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A worker with {@code dispatch-group: share-group} on a real broker: four slots, each a share
 * consumer of one record at a time, on topics of its own. The test plays the orchestrator.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShareGroupDispatchIntegrationTests extends TestOrchestrator {

    private static final String PREFIX = TestInfrastructure.uniquePrefix();

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> TestInfrastructure.broker().bootstrapServers());
        registry.add("worker.topics.prefix", () -> PREFIX);
        registry.add("worker.topics.dispatch-partitions", () -> 3);
        registry.add("worker.topics.event-partitions", () -> 3);
        registry.add("worker.group", () -> PREFIX + "workers");
        registry.add("worker.id", () -> "share-worker-under-test");
        registry.add("worker.dispatch-group", () -> "share-group");
        registry.add("worker.concurrency", () -> 1);
        registry.add("worker.parallelism", () -> 4);
    }

    /**
     * The behaviour a consumer group cannot give: there, the short items sent after a long one on
     * its partition wait until the poll that holds it is done, so the long item completes first.
     */
    @Test
    void aLongItemHoldsBackOnlyItsOwnSlot() {
        UUID batchId = UUID.randomUUID();
        ItemDispatch slow = Dispatches.dispatch(batchId, 0, 1, 1, "simulated", "{\"latencyMs\":8000}", "{}");
        kafka.send(slow);
        assertThat(kafka.awaitEvents(batchId, 1)).singleElement().isInstanceOf(ItemStarted.class);

        List<ItemDispatch> quick = IntStream.rangeClosed(1, 20)
                .mapToObj(i -> Dispatches.dispatch(batchId, i, 1, 1, "simulated", "{\"latencyMs\":20}", "{}"))
                .toList();
        quick.forEach(kafka::send);

        List<BatchEvent> events = kafka.awaitEvents(batchId, 2 * (quick.size() + 1));
        List<UUID> completedInOrder = events.stream().filter(ItemCompleted.class::isInstance)
                .map(event -> ((ItemCompleted) event).itemId()).toList();
        assertThat(completedInOrder).hasSize(quick.size() + 1).last().isEqualTo(slow.itemId());
    }

    @Test
    void anUnreadableDispatchGoesToTheDeadLetterTopicAndTheOthersRun() {
        String key = "unreadable-" + UUID.randomUUID();
        kafka.sendRaw(key, "{not json".getBytes(StandardCharsets.UTF_8));
        UUID batchId = UUID.randomUUID();
        kafka.send(Dispatches.dispatch(batchId, 1, 1, "simulated", "{}"));

        var deadLetter = kafka.awaitDeadLetter(key);
        assertThat(new String(deadLetter.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE).value(),
                StandardCharsets.UTF_8)).contains("Cannot read ItemDispatch");
        assertThat(kafka.awaitEvents(batchId, 2)).extracting(BatchEvent::type)
                .containsExactly(ItemStarted.TYPE, ItemCompleted.TYPE);
    }

    /** The orchestrator dispatches in transactions: the group reads committed records only. */
    @Test
    void aDispatchWhoseTransactionAbortedNeverRuns() {
        UUID aborted = UUID.randomUUID();
        UUID committed = UUID.randomUUID();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.broker().bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, PREFIX + "dispatcher"), new StringSerializer(),
                new ItemDispatchSerde())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topics.itemDispatch(), 0, "k",
                    Dispatches.dispatch(aborted, 1, 1, "simulated", "{}")));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topics.itemDispatch(), 0, "k",
                    Dispatches.dispatch(committed, 1, 1, "simulated", "{}")));
            producer.commitTransaction();
        }

        assertThat(kafka.awaitEvents(committed, 2)).hasSize(2);
        // the aborted record came first on the partition: nothing of it by now, nor for a while after
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> kafka.pollEvents(aborted).isEmpty());
    }
}
