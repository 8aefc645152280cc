package io.batchpulse.gateway.stream;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.batch.BatchCancelled;
import io.batchpulse.events.batch.BatchPaused;
import io.batchpulse.events.batch.BatchResumed;
import io.batchpulse.events.batch.BatchRetried;
import io.batchpulse.events.batch.BatchStage;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.ItemError;
import io.batchpulse.events.progress.ProgressSnapshot;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SSE contract: event names and payloads (names and fields of the AI-generation story, plus
 * what a viewer needs to tell events apart: eventId, attempt, label).
 */
final class SseEvents {

    static final String PROGRESS = "batch.progress";
    static final String ITEM_STARTED = "item.started";
    static final String ITEM_COMPLETED = "item.completed";
    static final String ITEM_FAILED = "item.failed";
    static final String PAUSED = "batch.paused";
    static final String RESUMED = "batch.resumed";
    static final String CANCELLED = "batch.cancelled";
    static final String RETRIED = "batch.retried";
    static final String STAGE = "batch.stage";
    static final String COMPLETE = "batch.complete";
    static final String HEARTBEAT = "heartbeat";
    static final String ERROR = "error";
    static final String GAP = "feed.gap";
    static final String SAMPLED = "feed.sampled";

    static final int MAX_TEXT = 500;
    static final int MAX_DETAILS = 10;
    private static final MathContext FOUR_DIGITS = new MathContext(4, RoundingMode.HALF_UP);

    static final Frame HEARTBEAT_FRAME = new Frame(HEARTBEAT, Frame.NO_OFFSET, "{}", true);

    private SseEvents() {
    }

    /** The SSE event for a batch-events record at {@code offset}; state-only if viewers do not see it. */
    static Frame feed(BatchEvent event, long offset, long total) {
        if (event instanceof ItemEvent item) {
            ObjectNode data = itemData(item, total);
            if (event instanceof ItemStarted started) {
                data.put("workerId", started.workerId());
                return new Frame(ITEM_STARTED, offset, write(data), true);
            }
            if (event instanceof ItemCompleted completed) {
                data.put("durationMs", completed.durationMs());
                data.put("score", completed.score());
                data.put("summary", summary(completed.result()));
                return new Frame(ITEM_COMPLETED, offset, write(data), true);
            }
            if (event instanceof ItemFailed failed) {
                failure(data, failed);
                return new Frame(ITEM_FAILED, offset, write(data), true);
            }
            return Frame.stateOnly(offset);
        }
        ObjectNode data = batchData(event);
        if (event instanceof BatchPaused paused) {
            data.put("status", "paused").put("reason", paused.reason()).put("requestedBy", paused.requestedBy());
            return new Frame(PAUSED, offset, write(data), false);
        }
        if (event instanceof BatchResumed resumed) {
            data.put("status", "running").put("requestedBy", resumed.requestedBy());
            return new Frame(RESUMED, offset, write(data), false);
        }
        if (event instanceof BatchCancelled cancelled) {
            data.put("status", "cancelled").put("requestedBy", cancelled.requestedBy())
                    .put("cancelledItems", cancelled.cancelledItems());
            return new Frame(CANCELLED, offset, write(data), false);
        }
        if (event instanceof BatchRetried retried) {
            data.put("status", "running").put("requestedBy", retried.requestedBy())
                    .put("requeuedItems", retried.requeuedItems());
            return new Frame(RETRIED, offset, write(data), false);
        }
        if (event instanceof BatchStage stage) {
            data.put("stage", stage.stage()).put("message", cut(stage.message())).put("percentage", stage.percentage())
                    .put("occurredAt", stage.occurredAt() == null ? null : stage.occurredAt().toString());
            return new Frame(STAGE, offset, write(data), false);
        }
        return Frame.stateOnly(offset);
    }

    /** The snapshot's batch.progress frame, encoded once for every viewer of its batch. */
    static Frame progressFrame(ProgressSnapshot snapshot) {
        return new Frame(PROGRESS, Frame.NO_OFFSET, progress(snapshot), false);
    }

    /** The snapshot, plus {@code eta_seconds} under the story's name. */
    static String progress(ProgressSnapshot snapshot) {
        ObjectNode data = EventJson.mapper().valueToTree(snapshot);
        data.set("eta_seconds", data.get("etaSeconds"));
        return write(data);
    }

    /** The story's summary; throughput is the whole run's (completed items per second). */
    static String complete(ProgressSnapshot snapshot) {
        ObjectNode data = EventJson.mapper().createObjectNode();
        data.put("batchId", String.valueOf(snapshot.batchId()));
        data.put("status", snapshot.status() == null ? null : snapshot.status().wire());
        data.put("statusReason", snapshot.statusReason());
        data.put("totalCompleted", snapshot.completed());
        data.put("totalFailed", snapshot.failed());
        data.put("totalCancelled", snapshot.cancelled());
        data.put("duration_ms", snapshot.elapsedMs());
        data.put("throughput", throughput(snapshot.completed(), snapshot.elapsedMs()));
        data.put("finishedAt", snapshot.finishedAt() == null ? null : snapshot.finishedAt().toString());
        return write(data);
    }

    static String gap(long skipped, long firstSkipped, long lastSkipped) {
        return write(EventJson.mapper().createObjectNode().put("skipped", skipped)
                .put("firstSkippedId", String.valueOf(firstSkipped)).put("lastSkippedId", String.valueOf(lastSkipped)));
    }

    /**
     * Item events of a crowded batch this viewer did not get since its previous feed.sampled (or
     * its start), all at or before {@code lastSkippedId}; snapshots' counts include them.
     */
    static String sampled(long skipped, long lastSkipped, Integer viewers, Integer perSecond) {
        ObjectNode data = EventJson.mapper().createObjectNode().put("skipped", skipped)
                .put("lastSkippedId", String.valueOf(lastSkipped));
        // unknown on the notice that opens a resumed stream (what it was not told before it left)
        if (viewers != null) {
            data.put("viewers", viewers).put("itemsPerSecond", perSecond);
        }
        return write(data);
    }

    static String error(String code, String message) {
        return write(EventJson.mapper().createObjectNode().put("code", code).put("message", message));
    }

    static Double throughput(long completed, long elapsedMs) {
        if (elapsedMs <= 0) {
            return null;
        }
        return new BigDecimal(completed * 1000.0 / elapsedMs).round(FOUR_DIGITS).doubleValue();
    }

    private static ObjectNode itemData(ItemEvent item, long total) {
        ObjectNode data = EventJson.mapper().createObjectNode();
        data.put("eventId", String.valueOf(item.eventId()));
        data.put("itemId", String.valueOf(item.itemId()));
        data.put("index", item.index());
        data.put("attempt", item.attempt());
        data.put("label", cut(item.label()));
        data.put("total", total);
        data.put("timestamp", item.occurredAt() == null ? null : item.occurredAt().toString());
        return data;
    }

    private static ObjectNode batchData(BatchEvent event) {
        ObjectNode data = EventJson.mapper().createObjectNode();
        data.put("eventId", String.valueOf(event.eventId()));
        data.put("batchId", String.valueOf(event.batchId()));
        data.put("timestamp", event.occurredAt() == null ? null : event.occurredAt().toString());
        return data;
    }

    /** {@code error} is the story's one-line text; code, message and details for the expandable row. */
    private static void failure(ObjectNode data, ItemFailed failed) {
        ItemError error = failed.error();
        String code = error == null ? null : error.code();
        String message = error == null ? null : cut(error.message());
        data.put("error", code == null ? message : message == null ? code : code + ": " + message);
        data.put("code", code);
        data.put("message", message);
        var details = data.putArray("details");
        if (error != null) {
            error.details().stream().limit(MAX_DETAILS).map(SseEvents::cut).forEach(details::add);
        }
        data.put("retryable", failed.retryable());
        data.put("durationMs", failed.durationMs());
    }

    private static String summary(JsonNode result) {
        if (result == null || result.isNull() || result.isMissingNode()) {
            return null;
        }
        JsonNode summary = result.get("summary");
        return cut(summary != null && summary.isString() ? summary.stringValue() : result.toString());
    }

    static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }

    private static String write(JsonNode data) {
        return EventJson.mapper().writeValueAsString(data);
    }
}
