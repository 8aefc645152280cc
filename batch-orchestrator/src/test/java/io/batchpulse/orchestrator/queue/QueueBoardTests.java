package io.batchpulse.orchestrator.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.model.Priority;
import io.batchpulse.events.progress.QueuePlace;
import io.batchpulse.orchestrator.queue.QueueBoard.Batch;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QueueBoardTests {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    private static final UUID HIGH = new UUID(0, 1);
    private static final UUID LOW_OLD = new UUID(0, 2);
    private static final UUID LOW_NEW = new UUID(0, 3);
    private static final UUID NORMAL = new UUID(0, 4);

    @Test
    void waitingBatchesLineUpByPriorityThenAgeBehindTheItemsOfHigherPriorities() {
        Map<UUID, QueuePlace> places = QueueBoard.places("key", List.of(
                new Batch(HIGH, Priority.HIGH, NOW.minusSeconds(10), 100, 5),
                new Batch(LOW_NEW, Priority.LOW, NOW.minusSeconds(30), 50, 0),
                new Batch(LOW_OLD, Priority.LOW, NOW.minusSeconds(60), 50, 0),
                new Batch(NORMAL, Priority.NORMAL, NOW.minusSeconds(5), 20, 0)), 5, 10.0, NOW);

        assertThat(places).doesNotContainKey(HIGH);
        assertThat(places.get(NORMAL)).isEqualTo(new QueuePlace(1, "key", 105, NOW.plusMillis(10_600)));
        assertThat(places.get(LOW_OLD)).isEqualTo(new QueuePlace(2, "key", 125, NOW.plusMillis(12_600)));
        assertThat(places.get(LOW_NEW).position()).isEqualTo(3);
    }

    @Test
    void aBatchWaitsForAFullLimitEvenBehindItsOwnPriority() {
        UUID running = new UUID(0, 9);
        Map<UUID, QueuePlace> places = QueueBoard.places("key", List.of(
                new Batch(running, Priority.NORMAL, NOW.minusSeconds(60), 500, 3),
                new Batch(NORMAL, Priority.NORMAL, NOW, 20, 0)), 3, 2.0, NOW);

        assertThat(places).containsOnlyKeys(NORMAL);
        assertThat(places.get(NORMAL)).isEqualTo(new QueuePlace(1, "key", 0, NOW.plusMillis(500)));
    }

    @Test
    void nobodyWaitsWhileTheLimitHasRoomAndNoHigherPriorityPends() {
        assertThat(QueueBoard.places("key", List.of(
                new Batch(LOW_OLD, Priority.LOW, NOW, 10, 2),
                new Batch(LOW_NEW, Priority.LOW, NOW, 10, 0)), 5, 2.0, NOW)).isEmpty();
    }

    @Test
    void theExpectedStartIsUnknownUntilAThroughputWasMeasured() {
        assertThat(QueueBoard.expectedStart(100, null, NOW)).isNull();
        assertThat(QueueBoard.expectedStart(100, 0.0, NOW)).isNull();
        assertThat(QueueBoard.expectedStart(119, 1.0, NOW)).isEqualTo(NOW.plusSeconds(120));
    }
}
