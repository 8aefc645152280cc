package io.batchpulse.events.model;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/** One item as a batch is created with it: a label people see and the payload the processor gets. */
public record NewItem(@Size(max = 500) String label, @NotNull JsonNode payload) {
}
