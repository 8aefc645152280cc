package io.batchpulse.gateway.batch;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.command.CreateBatch;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.Callback;
import io.batchpulse.events.model.FileSource;
import io.batchpulse.events.model.Priority;
import io.batchpulse.events.model.Requester;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * What a batch is, apart from its items: the part of a create that the JSON create and the
 * create from an uploaded file share, checked by the same {@link CreateBatchValidator} rules.
 *
 * @param priority high, normal or low; checked here as text because the contract's reader turns an
 *                 unknown enum value into null (tolerance for event readers), which at the API would
 *                 quietly make a typo normal. The command carries it in {@code options.priority}.
 */
public record BatchSpec(
        @Size(max = 200) String name,
        @NotBlank @Size(max = 100) String processor,
        JsonNode config,
        @Valid BatchOptions options,
        @Pattern(regexp = "high|normal|low", message = "must be high, normal or low") String priority,
        @Valid @Size(max = Callback.MAX_PER_BATCH) List<@NotNull @Valid Callback> callbacks) {

    /** A spec with the default priority and no callbacks. */
    public BatchSpec(String name, String processor, JsonNode config, BatchOptions options) {
        this(name, processor, config, options, null, null);
    }

    /** The create command for this spec: a default name, an empty config and default options where none were given. */
    public CreateBatch createCommand(UUID batchId, Requester requester, Instant now, FileSource source) {
        return new CreateBatch(UUID.randomUUID(), batchId, now, SchemaVersion.CURRENT, requester, nameOr(batchId),
                processor, configOrEmpty(), effectiveOptions(), source, callbacks == null ? List.of() : callbacks);
    }

    private BatchOptions effectiveOptions() {
        BatchOptions effective = options == null ? BatchOptions.defaults() : options.withDefaults();
        return priority == null ? effective : effective.withPriority(Priority.fromWire(priority));
    }

    private String nameOr(UUID batchId) {
        return name == null || name.isBlank() ? "Batch " + batchId.toString().substring(0, 8) : name.strip();
    }

    private JsonNode configOrEmpty() {
        return config == null || config.isNull() ? EventJson.mapper().createObjectNode() : config;
    }
}
