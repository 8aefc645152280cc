package io.batchpulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.gateway.progress.TestEvents;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.Tokens;
import io.batchpulse.testsupport.sse.SseClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * RELIABILITY.md, bad inputs on the topics, for the gateway's readers of batch-events that skip
 * rather than dead-letter: garbage, a tombstone, an unknown type and a future schema under a
 * watched batch's key reach no viewer, stop neither the live feed (GF) nor the command-outcome
 * listener (GO), and each is counted in batchpulse.events.skipped by reader and reason.
 */
class SkippedEventsIntegrationTests extends GatewayIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> READERS = List.of("live-feed", "command-outcomes");
    private static final List<String> REASONS = List.of("unreadable", "tombstone", "unknown-type", "future-schema");

    @Autowired
    MeterRegistry meters;

    @Test
    void garbageUnderAWatchedKeyReachesNoViewerIsCountedAndNeitherTheFeedNorTheOutcomeListenerStops() {
        TestEvents batch = ProgressStreamIntegrationTests.running(3);
        Awaitility.await().atMost(WAIT).until(() -> api.get("/api/v1/batches/" + batch.key() + "/snapshot",
                Tokens.admin("root")).json().path("data").path("total").asLong() == 3);
        Map<String, Double> before = counts();
        try (SseClient stream = SseClient.open(port, ProgressStreamIntegrationTests.progressPath(batch),
                Tokens.user("amara"))) {
            stream.awaitEvent("batch.progress");

            publishRaw(batch.key(), "{not json".getBytes(StandardCharsets.UTF_8));
            publishRaw(batch.key(), null);
            publishRaw(batch.key(), event(batch, "batch.teleported", 1));
            publishRaw(batch.key(), event(batch, "batch.paused", 99));
            publish(batch.itemStarted(0, 1, 30), batch.completed(0, 1, 100));

            stream.awaitEvent("item.completed");
            assertThat(stream.events()).extracting(SseClient.Event::name)
                    .noneMatch(name -> name.contains("teleported") || name.equals("batch.paused"));
        }
        // each reader counts the future schema, published after the garbage on the same partition:
        // neither stopped at the unreadable record
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Double> after = counts();
            after.forEach((series, count) -> assertThat(count - before.get(series)).as(series).isGreaterThanOrEqualTo(1));
        });
    }

    private Map<String, Double> counts() {
        Map<String, Double> counts = new HashMap<>();
        for (String reader : READERS) {
            for (String reason : REASONS) {
                counts.put(reader + "/" + reason, meters.get("batchpulse.events.skipped").tag("reader", reader)
                        .tag("reason", reason).counter().count());
            }
        }
        return counts;
    }

    private static byte[] event(TestEvents batch, String type, int schemaVersion) {
        return ("{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"" + type + "\",\"batchId\":\"" + batch.batchId
                + "\",\"occurredAt\":\"2026-03-01T10:00:01Z\",\"schemaVersion\":" + schemaVersion
                + ",\"reason\":\"USER\"}").getBytes(StandardCharsets.UTF_8);
    }
}
