package io.batchpulse.orchestrator.dispatch;

import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.item.ClaimedItem;
import io.batchpulse.orchestrator.item.ItemClaims;
import io.batchpulse.orchestrator.owner.BatchOwnership;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Covers an owner that died between the commit that marked items dispatched and the send of their
 * dispatch records (a crash, a kill, a freeze past its session): when this instance takes over
 * partitions that were not handed over cleanly, before its first claim for them, every item of
 * their batches still dispatched (not started) is sent again with the same attempt. If the first
 * send did happen the worker runs the attempt twice, and only the first final event of that
 * attempt counts.
 */
@Component
class TakeOverRedispatch {

    private static final Logger log = LoggerFactory.getLogger(TakeOverRedispatch.class);

    private final JdbcTemplate jdbc;
    private final ItemClaims items;
    private final DispatchTargets targets;
    private final DispatchSender sender;
    private final BatchOwnership ownership;
    private final int chunk;

    TakeOverRedispatch(JdbcTemplate jdbc, ItemClaims items, DispatchTargets targets, DispatchSender sender,
            BatchOwnership ownership, OrchestratorProperties properties) {
        this.jdbc = jdbc;
        this.items = items;
        this.targets = targets;
        this.sender = sender;
        this.ownership = ownership;
        this.chunk = properties.dispatch().redispatchChunk();
    }

    void resend(List<Integer> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        List<UUID> batches = ownership.ofPartitions(
                jdbc.queryForList("SELECT id FROM batch_jobs WHERE in_flight > 0", UUID.class), partitions);
        int resent = 0;
        String after = "00000000-0000-0000-0000-000000000000";
        while (!batches.isEmpty()) {
            List<ClaimedItem> page = items.stillDispatched(batches, after, chunk);
            if (page.isEmpty()) {
                break;
            }
            try {
                sender.send(page, targets.of(page.stream().map(ClaimedItem::batchId).distinct().toList()), false);
            } catch (RuntimeException e) {
                // The lease re-dispatches whatever this could not send.
                log.warn("Re-sending the dispatched items of partitions {} failed; their leases will cover them",
                        partitions, e);
                return;
            }
            resent += page.size();
            after = page.get(page.size() - 1).itemId().toString();
        }
        log.info("Re-sent {} dispatched items that had not started, of {} batches of partitions {}", resent,
                batches.size(), partitions);
    }
}
