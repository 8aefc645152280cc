package io.batchpulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.gateway.progress.TestEvents;
import io.batchpulse.gateway.support.Api;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.Tokens;
import io.batchpulse.testsupport.sse.SseClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two gateway instances (two Spring contexts in this JVM, separate ports and state directories,
 * one Streams application): a viewer of the second is cut off when it shuts down and resumes on
 * the first with Last-Event-ID.
 */
class ResumeAcrossInstancesIntegrationTests extends GatewayIntegrationTest {

    private static final int ITEMS = 150;

    @TempDir
    Path secondStateDir;

    @Test
    void aViewerCutOffFromOneInstanceResumesOnAnotherAndGetsEveryItemEventExactlyOnce() {
        TestEvents batch = ProgressStreamIntegrationTests.running(ITEMS);
        List<BatchEvent> items = new ArrayList<>();
        for (int index = 0; index < ITEMS; index++) {
            items.add(batch.itemStarted(index, 1, 10 + index * 10L));
            items.add(batch.completed(index, 1, 15 + index * 10L));
        }
        String token = Tokens.user("amara");
        List<SseClient.Event> received = new ArrayList<>();

        ConfigurableApplicationContext second = startInstance(secondStateDir);
        int secondPort = portOf(second);
        Api secondApi = new Api(secondPort);
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> secondApi.get(
                "/api/v1/batches/" + batch.key() + "/snapshot", token).status() == 200);
        try (SseClient first = SseClient.open(secondPort, ProgressStreamIntegrationTests.progressPath(batch), token)) {
            publish(items.subList(0, 100).toArray(BatchEvent[]::new));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> itemEvents(first.events()).size() >= 60);
            second.close();
            first.awaitEnd(Duration.ofSeconds(30));
            received.addAll(first.events());
        } finally {
            second.close();
        }
        String lastEventId = received.stream().filter(e -> e.id() != null).reduce((a, b) -> b).orElseThrow().id();
        // published while the viewer was away: only a replay can deliver these
        publish(items.subList(100, 200).toArray(BatchEvent[]::new));

        try (SseClient resumed = SseClient.open(port, ProgressStreamIntegrationTests.progressPath(batch), token,
                "Last-Event-ID", lastEventId)) {
            assertThat(resumed.status()).isEqualTo(200);
            resumed.awaitEvent("batch.progress");
            // and these arrive live, after the hand-over
            publish(Stream.concat(items.subList(200, items.size()).stream(),
                    Stream.of(batch.finished(BatchStatus.COMPLETED, null, ITEMS, ITEMS, 0, 5_000)))
                    .toArray(BatchEvent[]::new));
            resumed.awaitEnd(Duration.ofSeconds(60));
            assertThat(resumed.events().get(0).name()).isEqualTo("batch.progress");
            assertThat(resumed.events().get(resumed.events().size() - 1).name()).isEqualTo("batch.complete");
            received.addAll(resumed.events());
        }

        List<String> itemEventIds = itemEvents(received).stream().map(e -> e.json().path("eventId").asString())
                .toList();
        Map<String, Long> counts = itemEventIds.stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        assertThat(counts.values()).allMatch(count -> count == 1);
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(
                items.stream().map(event -> event.eventId().toString()).toList());
    }

    private static List<SseClient.Event> itemEvents(List<SseClient.Event> events) {
        return events.stream().filter(e -> e.name().startsWith("item.")).toList();
    }
}
