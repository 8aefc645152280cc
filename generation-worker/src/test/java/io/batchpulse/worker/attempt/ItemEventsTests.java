package io.batchpulse.worker.attempt;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemProgress;
import io.batchpulse.events.json.BatchEventSerde;
import io.batchpulse.events.model.ItemError;
import io.batchpulse.worker.support.Dispatches;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a processor hands over in an error or a progress report cannot make an event the broker refuses. */
class ItemEventsTests {

    private final ItemEvents events = new ItemEvents("worker-1");

    @Test
    void aHugeErrorIsCutToAFewKilobytesKeepingItsBeginning() {
        String megabyte = "x".repeat(1_000_000);
        ItemError huge = new ItemError("CODE_" + megabyte, "message " + megabyte,
                Collections.nCopies(100, "detail " + megabyte));

        ItemFailed failed = events.failed(Dispatches.dispatch(UUID.randomUUID(), 1, 1, "simulated", null), huge,
                false, 5);

        assertThat(failed.error().code()).startsWith("CODE_x").hasSize(103);
        assertThat(failed.error().message()).startsWith("message x").hasSize(ItemEvents.MAX_MESSAGE_LENGTH + 3);
        assertThat(failed.error().details()).hasSize(ItemEvents.MAX_DETAILS)
                .endsWith("... 81 more")
                .allSatisfy(detail -> assertThat(detail.length()).isLessThanOrEqualTo(ItemEvents.MAX_DETAIL_LENGTH + 3));
        assertThat(new BatchEventSerde().serialize("batch-events", failed)).hasSizeLessThan(50_000);
    }

    @Test
    void aSmallErrorIsKeptAsItIs() {
        ItemError small = new ItemError("VALIDATION_FAILED", "stem too short", List.of("a", "b"));

        ItemFailed failed = events.failed(Dispatches.dispatch(UUID.randomUUID(), 1, 1, "simulated", null), small,
                false, 5);

        assertThat(failed.error()).isEqualTo(small);
    }

    @Test
    void aHugeProgressMessageIsCut() {
        ItemProgress progress = events.progress(Dispatches.dispatch(UUID.randomUUID(), 1, 1, "simulated", null),
                50.0, "y".repeat(1_000_000));

        assertThat(progress.message()).hasSize(ItemEvents.MAX_MESSAGE_LENGTH + 3).endsWith("...");
    }
}
