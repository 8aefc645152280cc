package io.batchpulse.gateway.progress;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.model.BatchStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch's whole life as a list of events: every item dispatched and started, most completed
 * with a score, every seventh retried once, every eleventh (from the sixth) failed, and every fifth event
 * delivered twice; paused and resumed half-way, completed at the end.
 */
final class TestScenario {

    private TestScenario() {
    }

    static List<BatchEvent> of(TestEvents batch, int items) {
        List<BatchEvent> events = new ArrayList<>(List.of(batch.created(0), batch.stage("queued", 0),
                batch.started(items, 10), batch.stage("processing", 10)));
        long completed = 0;
        long failed = 0;
        for (int index = 0; index < items; index++) {
            long t = 20 + index * 10L;
            int attempt = 1;
            events.add(batch.dispatched(index, attempt, t));
            events.add(batch.itemStarted(index, attempt, t + 1));
            if (index % 7 == 3) {
                events.add(batch.retrying(index, attempt, t + 2));
                attempt++;
                events.add(batch.dispatched(index, attempt, t + 3));
                events.add(batch.itemStarted(index, attempt, t + 4));
            }
            if (index % 11 == 5) {
                events.add(batch.failed(index, attempt, "BAD_" + index, t + 5));
                failed++;
            } else {
                events.add(batch.completed(index, attempt, t + 5, (index * 37 % 101) / 100.0, 3 + index % 5));
                completed++;
            }
            if (index == items / 2) {
                events.add(batch.paused("USER", t + 6));
                events.add(batch.resumed(t + 7));
            }
        }
        long end = 30 + items * 10L;
        events.add(batch.stage("finalizing", end));
        events.add(batch.finished(failed == 0 ? BatchStatus.COMPLETED : BatchStatus.COMPLETED_WITH_ERRORS, null,
                items, completed, failed, end + 5));
        List<BatchEvent> withDuplicates = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            withDuplicates.add(events.get(i));
            if (i % 5 == 4) {
                withDuplicates.add(events.get(i));
            }
        }
        return withDuplicates;
    }
}
