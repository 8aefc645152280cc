package io.batchpulse.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Topics;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.testsupport.TestInfrastructure;
import io.batchpulse.worker.WorkerApplication;
import io.batchpulse.worker.support.Dispatches;
import io.batchpulse.worker.support.WorkerKafka;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A worker told to stop (SIGTERM closes the context) finishes the items it holds and reports them. */
class GracefulShutdownIntegrationTests {

    @Test
    void shutdownFinishesItemsInHand() {
        String prefix = TestInfrastructure.uniquePrefix();
        String bootstrap = TestInfrastructure.broker().bootstrapServers();
        ConfigurableApplicationContext worker = new SpringApplicationBuilder(WorkerApplication.class)
                .web(WebApplicationType.NONE)
                .run("--spring.kafka.bootstrap-servers=" + bootstrap,
                        "--worker.topics.prefix=" + prefix,
                        "--worker.topics.dispatch-partitions=1",
                        "--worker.topics.event-partitions=1",
                        "--worker.group=" + prefix + "workers",
                        "--worker.concurrency=1");
        UUID batchId = UUID.randomUUID();
        try (WorkerKafka kafka = new WorkerKafka(bootstrap, new Topics(prefix))) {
            kafka.send(Dispatches.dispatch(batchId, 1, 3, "simulated", "{\"latencyMs\":1000}"));
            kafka.awaitEvents(batchId, 1);
            assertThat(kafka.eventsOf(batchId)).extracting(BatchEvent::type).containsExactly(ItemStarted.TYPE);

            Instant shutdownBegan = Instant.now();
            worker.close();

            List<BatchEvent> events = kafka.awaitEvents(batchId, 2);
            assertThat(events).extracting(BatchEvent::type).containsExactly(ItemStarted.TYPE, ItemCompleted.TYPE);
            // the item was still in hand when the shutdown began, and finished during it
            assertThat(events.get(1).occurredAt()).isAfter(shutdownBegan);
        } finally {
            worker.close();
        }
    }
}
