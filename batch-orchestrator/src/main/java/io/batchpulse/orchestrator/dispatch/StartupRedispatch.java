package io.batchpulse.orchestrator.dispatch;

import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.item.ClaimedItem;
import io.batchpulse.orchestrator.item.ItemClaims;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Covers a crash between the commit that marked items dispatched and the send of their dispatch
 * records: on start-up, before the first tick, every item still dispatched (not started) is sent
 * again with the same attempt. If the first send did happen the worker runs the attempt twice,
 * and only the first final event of that attempt counts.
 */
@Component
class StartupRedispatch {

    private static final Logger log = LoggerFactory.getLogger(StartupRedispatch.class);

    private final ItemClaims items;
    private final DispatchTargets targets;
    private final DispatchSender sender;
    private final int chunk;

    StartupRedispatch(ItemClaims items, DispatchTargets targets, DispatchSender sender,
            OrchestratorProperties properties) {
        this.items = items;
        this.targets = targets;
        this.sender = sender;
        this.chunk = properties.dispatch().redispatchChunk();
    }

    void resendDispatched() {
        int resent = 0;
        String after = "00000000-0000-0000-0000-000000000000";
        while (true) {
            List<ClaimedItem> page = items.stillDispatched(after, chunk);
            if (page.isEmpty()) {
                break;
            }
            try {
                sender.send(page, targets.of(page.stream().map(ClaimedItem::batchId).distinct().toList()), false);
            } catch (RuntimeException e) {
                // The lease re-dispatches whatever this could not send.
                log.warn("Re-sending dispatched items on start-up failed; their leases will cover them", e);
                return;
            }
            resent += page.size();
            after = page.get(page.size() - 1).itemId().toString();
        }
        if (resent > 0) {
            log.info("Re-sent {} dispatched items that had not started before this start", resent);
        }
    }
}
