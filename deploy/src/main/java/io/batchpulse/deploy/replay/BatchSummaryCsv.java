package io.batchpulse.deploy.replay;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.ItemEvent;
import io.batchpulse.events.batch.BatchCompleted;
import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.model.ItemStatus;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.databind.JsonNode;

/**
 * One row per batch: what it was, how it ended, how long it took, how fast it went and why items
 * failed. Counts and duration come from batch.completed when the range holds it, otherwise from
 * the items' events seen so far (a batch still running, or one whose start is before --from).
 */
final class BatchSummaryCsv implements EventSink {

    static final List<String> HEADER = List.of("batch_id", "name", "processor", "status", "total", "completed",
            "failed", "cancelled", "started_at", "finished_at", "duration_ms", "items_per_second", "error_codes");

    private final Writer out;
    private final ItemOutcomes items = new ItemOutcomes();
    private final Map<UUID, Batch> batches = new LinkedHashMap<>();

    BatchSummaryCsv(Writer out) {
        this.out = out;
    }

    @Override
    public void accept(BatchEvent event, JsonNode json) {
        Batch batch = batches.computeIfAbsent(event.batchId(), id -> new Batch());
        batch.firstSeen = batch.firstSeen == null ? event.occurredAt() : batch.firstSeen;
        batch.lastSeen = event.occurredAt();
        if (event instanceof ItemEvent item) {
            items.accept(item);
        } else if (event instanceof BatchCreated created) {
            batch.name = created.name();
            batch.processor = created.processor();
        } else if (event instanceof BatchStarted started) {
            batch.total = started.total();
            batch.started = started.occurredAt();
        } else if (event instanceof BatchCompleted completed) {
            batch.completed = completed;
        }
    }

    @Override
    public void flush() {
        // rows are written once, by finish()
    }

    @Override
    public void finish() throws IOException {
        Map<UUID, List<ItemOutcome>> byBatch = items.all().stream()
                .collect(Collectors.groupingBy(ItemOutcome::batchId));
        CSVPrinter printer = new CSVPrinter(out, ItemCsv.FORMAT);
        printer.printRecord(HEADER);
        for (Map.Entry<UUID, Batch> entry : batches.entrySet()) {
            printer.printRecord(entry.getValue().row(entry.getKey(), byBatch.getOrDefault(entry.getKey(), List.of())));
        }
        printer.flush();
    }

    /** What the batch's own events said; the items' events fill in the rest. */
    private static final class Batch {

        private String name;
        private String processor;
        private Long total;
        private Instant started;
        private Instant firstSeen;
        private Instant lastSeen;
        private BatchCompleted completed;

        List<Object> row(UUID id, List<ItemOutcome> items) {
            Map<String, Long> statuses = items.stream().collect(Collectors.groupingBy(ItemOutcome::status,
                    Collectors.counting()));
            long done = count(statuses, ItemStatus.COMPLETED, BatchCompleted::completed);
            long failed = count(statuses, ItemStatus.FAILED, BatchCompleted::failed);
            long cancelled = count(statuses, ItemStatus.CANCELLED, BatchCompleted::cancelled);
            Instant from = started != null ? started : firstSeen;
            Instant to = completed != null ? completed.occurredAt() : lastSeen;
            long durationMs = completed != null ? completed.durationMs() : Duration.between(from, to).toMillis();
            String perSecond = durationMs > 0 ? "%.2f".formatted((done + failed) * 1000.0 / durationMs) : "";
            String status = completed != null && completed.status() != null ? completed.status().wire()
                    : started != null ? "running" : "";
            long totalItems = completed != null ? completed.total() : total != null ? total : items.size();
            return List.of(id, text(name), text(processor), status, totalItems, done, failed, cancelled, from,
                    completed == null ? "" : to, durationMs, perSecond, errorCodes(items));
        }

        private long count(Map<String, Long> statuses, ItemStatus status, Function<BatchCompleted, Long> reported) {
            return completed != null ? reported.apply(completed) : statuses.getOrDefault(status.wire(), 0L);
        }

        /** "CODE:n;OTHER:m", the most frequent first. */
        private static String errorCodes(List<ItemOutcome> items) {
            return items.stream().filter(item -> ItemStatus.FAILED.wire().equals(item.status()) && item.errorCode() != null)
                    .collect(Collectors.groupingBy(ItemOutcome::errorCode, Collectors.counting()))
                    .entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .map(entry -> entry.getKey() + ":" + entry.getValue()).collect(Collectors.joining(";"));
        }

        private static String text(String value) {
            return value == null ? "" : value;
        }
    }
}
