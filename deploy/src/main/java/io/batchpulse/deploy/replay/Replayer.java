package io.batchpulse.deploy.replay;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.json.EventJson;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Decides what becomes of each record of batch-events: another batch's is passed over, one the
 * contract says to skip (an unknown type, a newer schema version, a tombstone) is skipped, one
 * that is not JSON, cannot be read or fails its JSON Schema is counted as invalid and reported,
 * and every other event goes to the sink.
 */
final class Replayer {

    private static final int REPORTED_INVALID = 20;

    private final EventSchemas schemas = new EventSchemas();
    private final UUID batch;
    private final EventSink sink;
    private final PrintStream diagnostics;
    private long read;
    private long written;
    private long invalid;
    private long skipped;

    Replayer(UUID batch, EventSink sink, PrintStream diagnostics) {
        this.batch = batch;
        this.sink = sink;
        this.diagnostics = diagnostics;
    }

    void accept(ConsumerRecord<String, byte[]> record) {
        read++;
        if (batch != null && record.key() != null && !batch.toString().equals(record.key())) {
            return;
        }
        if (record.value() == null) {
            skipped++;
            return;
        }
        JsonNode json;
        BatchEvent event;
        try {
            json = EventJson.mapper().readTree(record.value());
            event = EventJson.mapper().treeToValue(json, BatchEvent.class);
        } catch (JacksonException e) {
            invalid(record, List.of("not a readable event: " + e.getOriginalMessage()));
            return;
        }
        if (batch != null && !batch.equals(event.batchId())) {
            return;
        }
        if (!event.understood()) {
            skipped++;
            return;
        }
        List<String> problems = schemas.problems(event.type(), json);
        if (!problems.isEmpty()) {
            invalid(record, problems);
            return;
        }
        try {
            sink.accept(event, json);
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ReplayReport report() {
        return new ReplayReport(read, written, invalid, skipped);
    }

    private void invalid(ConsumerRecord<String, byte[]> record, List<String> problems) {
        invalid++;
        if (invalid <= REPORTED_INVALID) {
            diagnostics.printf("invalid event at %s-%d@%d: %s%n", record.topic(), record.partition(), record.offset(),
                    String.join("; ", problems));
        } else if (invalid == REPORTED_INVALID + 1) {
            diagnostics.println("(further invalid events are counted, not shown)");
        }
    }

    /**
     * @param read    records read from batch-events in the range
     * @param written events written (of the batch asked for, when one was)
     * @param invalid records that failed their schema or could not be read at all
     * @param skipped tombstones and events of types or schema versions this tool does not know
     */
    record ReplayReport(long read, long written, long invalid, long skipped) {

        String summary() {
            return "replayed %d records: %d events written, %d invalid, %d skipped (unknown type or version)"
                    .formatted(read, written, invalid, skipped);
        }
    }
}
