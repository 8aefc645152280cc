package io.batchpulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.gateway.progress.TestEvents;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.Tokens;
import io.batchpulse.testsupport.sse.SseClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A viewer that stops reading while a batch races on neither grows the heap nor holds up others. */
class SlowClientIntegrationTests extends GatewayIntegrationTest {

    private static final int ITEMS = 6_000;

    @Autowired
    MeterRegistry meters;

    @Test
    void aClientThatReadsNothingKeepsHeapBoundedAndThenGetsAGapNoticeAndACurrentSnapshot() {
        TestEvents batch = ProgressStreamIntegrationTests.running(ITEMS);
        String token = Tokens.user("amara");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> api.get(
                "/api/v1/batches/" + batch.key() + "/snapshot", token).json().path("data").path("version").asLong() > 0);
        try (SseClient slow = SseClient.stalled(port, ProgressStreamIntegrationTests.progressPath(batch), token);
                SseClient reader = SseClient.open(port, ProgressStreamIntegrationTests.progressPath(batch), token)) {
            // connect returns once the answer's status is in, so the gateway holds both streams now;
            // the open-connections gauge would also count other tests' streams still closing
            assertThat(slow.status()).isEqualTo(200);
            reader.awaitEvent("batch.progress");
            long heapBefore = usedHeapAfterGc();
            double droppedBefore = dropped();

            try (KafkaProducer<String, BatchEvent> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5),
                    new StringSerializer(), new BatchEventSerde())) {
                for (int index = 0; index < ITEMS; index++) {
                    for (BatchEvent event : List.of(batch.itemStarted(index, 1, 10 + index), batch.completed(index, 1,
                            11 + index))) {
                        producer.send(new ProducerRecord<>(TOPICS.batchEvents(), batch.key(), event));
                    }
                }
            }

            // the reading viewer is not held up by the one that reads nothing
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> reader.events().stream().anyMatch(
                    e -> e.name().equals("batch.progress") && e.json().path("completed").asLong() == ITEMS));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> dropped() > droppedBefore);
            long grownMb = (usedHeapAfterGc() - heapBefore) / (1024 * 1024);
            assertThat(grownMb).as("heap growth in MB").isLessThan(64);

            slow.startReading();
            SseClient.Event gap = slow.awaitEvent("feed.gap");
            assertThat(gap.json().path("skipped").asLong()).isPositive();
            int gapAt = slow.events().indexOf(gap);
            // one copy of the events per poll: a second one may already hold more of them
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                List<SseClient.Event> events = slow.events();
                return events.subList(gapAt, events.size()).stream().anyMatch(e -> e.name().equals("batch.progress")
                        && e.json().path("completed").asLong() == ITEMS);
            });
            // every item event was either sent or counted as skipped, for both viewers
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> accounted(slow) == 2L * ITEMS
                    && accounted(reader) == 2L * ITEMS);
        }
    }

    private static long accounted(SseClient client) {
        long sent = client.events().stream().filter(e -> e.name().startsWith("item.")).count();
        long skipped = client.events("feed.gap").stream().mapToLong(e -> e.json().path("skipped").asLong()).sum();
        return sent + skipped;
    }

    private double dropped() {
        return meters.counter("batchpulse.sse.events.dropped").count();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
