package io.batchpulse.deploy;

import io.batchpulse.events.Headers;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.Topics;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.json.BatchCommandSerde;
import io.batchpulse.events.model.Requester;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes commands straight to batch-commands with a plain producer, as any tool with write access
 * may, and as a producer retry or an operator's replay would deliver them: the same command more
 * than once.
 */
final class CommandTopic implements AutoCloseable {

    /** The record constructor every batch control command shares. */
    interface Command {
        BatchCommand of(UUID commandId, UUID batchId, Instant requestedAt, int schemaVersion, Requester requestedBy);
    }

    private final KafkaProducer<String, BatchCommand> producer;
    private final String topic;
    private final Requester requester;

    CommandTopic(LocalCluster cluster, String owner) {
        this(cluster, new Requester(owner, false));
    }

    /** As the tool user (on a --secure cluster, the one user besides the gateway that may write commands). */
    CommandTopic(LocalCluster cluster, Requester requester) {
        Map<String, Object> config = new HashMap<>(cluster.kafka().clientConfig(KafkaUser.TOOL));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(config, new StringSerializer(), new BatchCommandSerde());
        topic = new Topics(cluster.topicPrefix()).batchCommands();
        this.requester = requester;
    }

    /** Sends the command with this id {@code times} times, each acknowledged before the next. */
    UUID send(UUID batch, UUID commandId, Command command, int times) throws InterruptedException, ExecutionException {
        BatchCommand sent = command.of(commandId, batch, Instant.now(), SchemaVersion.CURRENT, requester);
        for (int i = 0; i < times; i++) {
            ProducerRecord<String, BatchCommand> record = new ProducerRecord<>(topic, batch.toString(), sent);
            record.headers().add(Headers.TYPE, sent.type().getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
        return commandId;
    }

    /** A new command, sent once. */
    UUID send(UUID batch, Command command) throws InterruptedException, ExecutionException {
        return send(batch, UUID.randomUUID(), command, 1);
    }

    /** A new command, sent twice. */
    UUID sendTwice(UUID batch, Command command) throws InterruptedException, ExecutionException {
        return send(batch, UUID.randomUUID(), command, 2);
    }

    @Override
    public void close() {
        producer.close();
    }
}
