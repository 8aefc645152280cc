package io.batchpulse.events.query;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A batch's failed items by failure group, as the orchestrator's internal read API returns them:
 * every group, largest first.
 *
 * @param failed how many of the batch's items are failed now (the sum of the groups' counts)
 */
public record FailuresView(UUID batchId, long failed, List<Group> groups) {

    public FailuresView {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /**
     * One group: its failed items share the error code and the message signature.
     *
     * @param key            what {@code retry-failed {"group": key}} takes ("ungrouped" for items
     *                       that failed before groups were kept)
     * @param example        the group's item with the lowest index
     * @param firstFailedAt  when the group's earliest failure happened
     * @param lastFailedAt   when its latest did
     */
    public record Group(String key, String code, String signature, long count, Example example,
            Instant firstFailedAt, Instant lastFailedAt) {
    }

    /** One failed item of a group, with its own message (not the masked signature). */
    public record Example(long index, String label, String message) {
    }
}
