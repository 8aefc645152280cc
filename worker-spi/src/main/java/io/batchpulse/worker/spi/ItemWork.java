package io.batchpulse.worker.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * One attempt of one item, as a processor sees it.
 *
 * @param attempt     1-based; a retry of the same item comes with attempt + 1
 * @param payload     the item's own data, as the batch was created with it
 * @param config      the batch's processor settings (an empty object when the batch gave none)
 * @param itemTimeout the lease: report progress more often than this on long items
 * @param progress    publishes {@code item.progress}, which also renews the lease
 */
public record ItemWork(
        UUID itemId,
        UUID batchId,
        long index,
        int attempt,
        int maxAttempts,
        String label,
        JsonNode payload,
        JsonNode config,
        Duration itemTimeout,
        ProgressReporter progress) {

    /**
     * Reads configs as the wire contract reads events (the SPI does not depend on the contract's
     * jar): a field or enum value this processor does not know yet is ignored, not an error.
     */
    private static final JsonMapper CONFIG_READER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .build();

    public ItemWork {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(batchId, "batchId");
        payload = payload == null ? JsonNodeFactory.instance.nullNode() : payload;
        config = config == null || config.isNull() ? JsonNodeFactory.instance.objectNode() : config;
        progress = progress == null ? (percent, message) -> { } : progress;
    }

    /** Publishes {@code item.progress}; both arguments are optional. */
    public void reportProgress(Double percent, String message) {
        progress.report(percent, message);
    }

    public boolean lastAttempt() {
        return attempt >= maxAttempts;
    }

    /**
     * Binds the batch's config to the processor's own type (unknown fields are ignored); a config
     * that does not fit fails the item permanently with {@code INVALID_CONFIG}.
     */
    public <T> T configAs(Class<T> type) {
        try {
            return CONFIG_READER.treeToValue(config, type);
        } catch (JacksonException e) {
            throw ItemProcessingException.permanent(ItemErrorCodes.INVALID_CONFIG,
                    "Invalid processor config: " + e.getOriginalMessage());
        }
    }
}
