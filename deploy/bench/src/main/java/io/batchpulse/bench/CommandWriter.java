package io.batchpulse.bench;

import io.batchpulse.events.Headers;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.Topics;
import io.batchpulse.events.command.AppendItems;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.CreateBatch;
import io.batchpulse.events.command.PauseBatch;
import io.batchpulse.events.command.ResumeBatch;
import io.batchpulse.events.command.SealBatch;
import io.batchpulse.events.json.BatchCommandSerde;
import io.batchpulse.events.model.NewItem;
import io.batchpulse.events.model.Requester;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Creates batches the way any tool with write access to batch-commands may: create,
 * append-items chunks, seal. Needed for batches above the REST API's per-request item limit
 * (until the upload API exists) and to start a thousand batches within a second.
 */
final class CommandWriter implements AutoCloseable {

    static final int CHUNK = 1_000;

    private final KafkaProducer<String, BatchCommand> producer;
    private final String topic;
    private final Requester requester;

    CommandWriter(String bootstrap, Topics topics, String owner) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.CLIENT_ID_CONFIG, "batchpulse-bench-commands"),
                new StringSerializer(), new BatchCommandSerde());
        this.topic = topics.batchCommands();
        this.requester = new Requester(owner, false);
    }

    /** Sends the whole batch (ordered: one key, one partition) without waiting for the orchestrator. */
    UUID submit(BatchSpec spec) {
        UUID batchId = UUID.randomUUID();
        send(new CreateBatch(UUID.randomUUID(), batchId, Instant.now(), SchemaVersion.CURRENT, requester, spec.name(),
                BatchSpec.PROCESSOR, spec.config(), spec.options(), null));
        for (long first = 0; first < spec.items(); first += CHUNK) {
            int size = (int) Math.min(CHUNK, spec.items() - first);
            List<NewItem> items = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                items.add(BatchSpec.item(first + i));
            }
            send(new AppendItems(UUID.randomUUID(), batchId, Instant.now(), SchemaVersion.CURRENT, requester, first,
                    items));
        }
        send(new SealBatch(UUID.randomUUID(), batchId, Instant.now(), SchemaVersion.CURRENT, requester, spec.items()));
        return batchId;
    }

    void pause(UUID batchId) {
        send(new PauseBatch(UUID.randomUUID(), batchId, Instant.now(), SchemaVersion.CURRENT, requester));
    }

    void resume(UUID batchId) {
        send(new ResumeBatch(UUID.randomUUID(), batchId, Instant.now(), SchemaVersion.CURRENT, requester));
    }

    void flush() {
        producer.flush();
    }

    private void send(BatchCommand command) {
        ProducerRecord<String, BatchCommand> record = new ProducerRecord<>(topic, command.batchId().toString(), command);
        record.headers().add(new RecordHeader(Headers.TYPE, command.type().getBytes(StandardCharsets.UTF_8)));
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                System.err.println("bench: sending " + command.type() + " failed: " + error);
            }
        });
    }

    @Override
    public void close() {
        producer.close();
    }
}
