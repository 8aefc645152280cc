package io.batchpulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.progress.ProgressSnapshot;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SnapshotOrderTests {

    private static final UUID BATCH = UUID.randomUUID();

    @Test
    void aNewerVersionFollowsAndAnOlderOrEqualOneDoesNot() {
        ProgressSnapshot five = snapshot(5, "running", 10, 1);

        assertThat(SnapshotOrder.follows(null, five)).isTrue();
        assertThat(SnapshotOrder.follows(five, snapshot(6, "running", 11, 1))).isTrue();
        assertThat(SnapshotOrder.follows(five, snapshot(5, "running", 12, 1))).isFalse();
        assertThat(SnapshotOrder.follows(five, snapshot(4, "running", 9, 1))).isFalse();
    }

    @Test
    void aTopologySnapshotBehindTheOrchestratorsViewIsHeldBackUntilItCatchesUp() {
        ProgressSnapshot fromView = snapshot(0, "running", 12, 2);

        assertThat(SnapshotOrder.follows(fromView, snapshot(7, "running", 0, 0))).as("completed behind").isFalse();
        assertThat(SnapshotOrder.follows(fromView, snapshot(30, "running", 12, 1))).as("failed behind").isFalse();
        assertThat(SnapshotOrder.follows(fromView, snapshot(31, "running", 12, 2))).as("caught up").isTrue();
    }

    @Test
    void aFinalSnapshotAlwaysFollowsTheOrchestratorsView() {
        ProgressSnapshot fromView = snapshot(0, "running", 12, 5);

        // e.g. failed items retried since the view was read: the batch's end must still reach the viewer
        assertThat(SnapshotOrder.follows(fromView, snapshot(90, "completed", 40, 0))).isTrue();
    }

    private static ProgressSnapshot snapshot(long version, String status, long completed, long failed) {
        var json = EventJson.mapper().createObjectNode()
                .put("batchId", BATCH.toString()).put("schemaVersion", 1).put("version", version)
                .put("sourceOffset", version == 0 ? -1 : version).put("status", status).put("total", 100)
                .put("completed", completed).put("failed", failed).put("cancelled", 0)
                .put("pending", 100 - completed - failed).put("inProgress", 0);
        return EventJson.mapper().treeToValue(json, ProgressSnapshot.class);
    }
}
