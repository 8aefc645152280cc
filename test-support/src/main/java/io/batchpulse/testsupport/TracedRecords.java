package io.batchpulse.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A topic read back from the beginning with a plain consumer, as any tool would: the records of
 * one batch (by the batchId in their JSON, which every command, event and dispatch record has)
 * with the W3C traceparent header each one carries.
 */
public final class TracedRecords {

    /** The W3C Trace Context header (common-events' {@code Headers.TRACEPARENT}). */
    public static final String TRACEPARENT = "traceparent";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One record of the batch: its JSON type ("item-dispatch" records have none) and traceparent (null: none). */
    public record Traced(String topic, long offset, String type, String traceparent) {

        public String traceId() {
            return traceIdOf(traceparent);
        }
    }

    private TracedRecords() {
    }

    /** The trace id of a version-00 traceparent ({@code 00-<trace id>-<span id>-<flags>}); null if none or malformed. */
    public static String traceIdOf(String traceparent) {
        String[] parts = traceparent == null ? new String[0] : traceparent.split("-");
        return parts.length == 4 && parts[1].length() == 32 ? parts[1] : null;
    }

    /** A new random trace id (32 hex digits), as a traced caller would start. */
    public static String newTraceId() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** A sampled version-00 traceparent of the trace, with a random parent span id. */
    public static String traceparent(String traceId) {
        byte[] span = new byte[8];
        RANDOM.nextBytes(span);
        return "00-" + traceId + "-" + HexFormat.of().formatHex(span) + "-01";
    }

    public static List<Traced> of(String bootstrapServers, String topic, UUID batchId) {
        List<Traced> found = new ArrayList<>();
        TopicReads.readAll(bootstrapServers, topic, new StringDeserializer(), new ByteArrayDeserializer(), record -> {
            JsonNode value = json(record.value());
            if (value != null && batchId.toString().equals(value.path("batchId").asString(null))) {
                found.add(new Traced(topic, record.offset(), value.path("type").asString(topic), traceparent(record)));
            }
        });
        return found;
    }

    /** The record's JSON; null for a tombstone or for another test's poison record on a shared topic. */
    private static JsonNode json(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.readTree(value);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String traceparent(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(TRACEPARENT);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
