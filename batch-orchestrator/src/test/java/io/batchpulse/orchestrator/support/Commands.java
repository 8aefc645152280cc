package io.batchpulse.orchestrator.support;

import io.batchpulse.events.Headers;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.command.AppendItems;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.CancelBatch;
import io.batchpulse.events.command.CreateBatch;
import io.batchpulse.events.command.PauseBatch;
import io.batchpulse.events.command.RerunBatch;
import io.batchpulse.events.command.ResumeBatch;
import io.batchpulse.events.command.RetryFailed;
import io.batchpulse.events.command.SealBatch;
import io.batchpulse.events.json.BatchCommandSerde;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.Callback;
import io.batchpulse.events.model.FileSource;
import io.batchpulse.events.model.NewItem;
import io.batchpulse.events.model.Priority;
import io.batchpulse.events.model.Requester;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plays the gateway: builds commands and writes them to batch-commands with a plain producer. */
public final class Commands implements AutoCloseable {

    public static final Requester ALICE = new Requester("alice", false);

    private final String topic;
    private final KafkaProducer<String, BatchCommand> producer;
    private final KafkaProducer<String, byte[]> rawProducer;

    public Commands(String bootstrapServers, String topic) {
        this.topic = topic;
        // One request in flight: the topics are created a moment before the first send, and a
        // producer with several in flight to a partition the broker is still creating can have a
        // retried first request refused as OUT_OF_ORDER_SEQUENCE until it times out (KAFKA-15591).
        Map<String, Object> config = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new BatchCommandSerde());
        this.rawProducer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    public static BatchOptions options(int maxInFlight, int maxAttempts, Duration itemTimeout) {
        return new BatchOptions(maxInFlight, maxAttempts, itemTimeout, null, null, null);
    }

    /** Options of a batch that counts against a shared limit, at a priority. */
    public static BatchOptions limited(int maxInFlight, int maxAttempts, String limit, Priority priority) {
        return new BatchOptions(maxInFlight, maxAttempts, Duration.ofMinutes(1), null, null, null, limit, priority);
    }

    public static CreateBatch create(UUID batchId, BatchOptions options) {
        return create(batchId, ALICE, options);
    }

    public static CreateBatch create(UUID batchId, Requester requester, BatchOptions options) {
        return create(batchId, requester, options, null);
    }

    /** A create as the gateway writes it for a batch from an uploaded file. */
    public static CreateBatch create(UUID batchId, BatchOptions options, FileSource source) {
        return create(batchId, ALICE, options, source);
    }

    private static CreateBatch create(UUID batchId, Requester requester, BatchOptions options, FileSource source) {
        return new CreateBatch(UUID.randomUUID(), batchId, Instant.now(), SchemaVersion.CURRENT, requester,
                "batch " + batchId.toString().substring(0, 8), "simulated",
                EventJson.mapper().createObjectNode().put("latencyMs", 1), options, source);
    }

    public static List<NewItem> items(long from, long count) {
        return LongStream.range(from, from + count)
                .mapToObj(i -> new NewItem("item-" + i,
                        EventJson.mapper().createObjectNode().put("n", i).put("text", "quote \" and \\ slash")))
                .toList();
    }

    public static AppendItems append(UUID batchId, long firstIndex, List<NewItem> items) {
        return new AppendItems(UUID.randomUUID(), batchId, Instant.now(), SchemaVersion.CURRENT, ALICE, firstIndex,
                items);
    }

    public static SealBatch seal(UUID batchId, long total) {
        return new SealBatch(UUID.randomUUID(), batchId, Instant.now(), SchemaVersion.CURRENT, ALICE, total);
    }

    public static PauseBatch pause(UUID batchId, Requester requester) {
        return new PauseBatch(UUID.randomUUID(), batchId, Instant.now(), SchemaVersion.CURRENT, requester);
    }

    public static ResumeBatch resume(UUID batchId) {
        return new ResumeBatch(UUID.randomUUID(), batchId, Instant.now(), SchemaVersion.CURRENT, ALICE);
    }

    public static CancelBatch cancel(UUID batchId) {
        return new CancelBatch(UUID.randomUUID(), batchId, Instant.now(), SchemaVersion.CURRENT, ALICE);
    }

    public static RetryFailed retryFailed(UUID batchId) {
        return new RetryFailed(UUID.randomUUID(), batchId, Instant.now(), SchemaVersion.CURRENT, ALICE);
    }

    /** Retries only the failed items of one failure group. */
    public static RetryFailed retryFailed(UUID batchId, String group) {
        return new RetryFailed(UUID.randomUUID(), batchId, Instant.now(), SchemaVersion.CURRENT, ALICE, group);
    }

    /** The whole create + append chunks + seal sequence the gateway writes for a batch. */
    public static List<BatchCommand> batch(UUID batchId, int items, int chunk, BatchOptions options) {
        List<BatchCommand> commands = new ArrayList<>();
        commands.add(create(batchId, options));
        for (int from = 0; from < items; from += chunk) {
            commands.add(append(batchId, from, items(from, Math.min(chunk, items - from))));
        }
        commands.add(seal(batchId, items));
        return commands;
    }

    /** The same sequence, the create naming these callbacks. */
    public static List<BatchCommand> batch(UUID batchId, int items, int chunk, BatchOptions options,
            List<Callback> callbacks) {
        List<BatchCommand> commands = new ArrayList<>(batch(batchId, items, chunk, options));
        CreateBatch create = (CreateBatch) commands.get(0);
        commands.set(0, new CreateBatch(create.commandId(), batchId, create.requestedAt(), create.schemaVersion(),
                create.requestedBy(), create.name(), create.processor(), create.config(), create.options(),
                create.source(), callbacks));
        return commands;
    }

    public static RerunBatch rerun(UUID batchId, UUID sourceBatchId, Requester requester) {
        return new RerunBatch(UUID.randomUUID(), batchId, Instant.now(), SchemaVersion.CURRENT, requester, sourceBatchId);
    }

    public void send(BatchCommand... commands) {
        send(List.of(commands));
    }

    public void send(List<? extends BatchCommand> commands) {
        for (BatchCommand command : commands) {
            producer.send(new ProducerRecord<>(topic, String.valueOf(command.batchId()), command));
        }
        producer.flush();
    }

    /** As a traced caller sends them: each with this W3C traceparent header. */
    public void sendTraced(String traceparent, List<? extends BatchCommand> commands) {
        for (BatchCommand command : commands) {
            ProducerRecord<String, BatchCommand> record = new ProducerRecord<>(topic, String.valueOf(command.batchId()),
                    command);
            record.headers().add(Headers.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }
        producer.flush();
    }

    public void sendRaw(String key, byte[] value) {
        rawProducer.send(new ProducerRecord<>(topic, key, value));
        rawProducer.flush();
    }

    /** A record on this partition, whatever its key (a null key would go to any partition). */
    public void sendRaw(int partition, String key, byte[] value) {
        rawProducer.send(new ProducerRecord<>(topic, partition, key, value));
        rawProducer.flush();
    }

    @Override
    public void close() {
        producer.close();
        rawProducer.close();
    }
}
