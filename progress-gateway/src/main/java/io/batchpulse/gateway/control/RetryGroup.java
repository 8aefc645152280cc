package io.batchpulse.gateway.control;

import io.batchpulse.events.failure.FailureGroup;
import io.batchpulse.gateway.api.ApiException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads retry-failed's optional body, {@code {"group": "<key>"}}. It is strict: a misspelt field
 * must not turn a retry of one group into a retry of every failed item.
 */
final class RetryGroup {

    private RetryGroup() {
    }

    /** The group to retry, or null (no body, or no group) for every failed item. */
    static String of(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return null;
        }
        if (!body.isObject()) {
            throw ApiException.validation(List.of("body: must be an object like {\"group\": \"<key>\"}"));
        }
        List<String> unknown = body.propertyNames().stream().filter(name -> !"group".equals(name)).toList();
        if (!unknown.isEmpty()) {
            throw ApiException.validation(unknown.stream().map(name -> name + ": unknown field").toList());
        }
        JsonNode group = body.get("group");
        if (group == null || group.isNull()) {
            return null;
        }
        if (!group.isString() || !FailureGroup.isRetryable(group.stringValue())) {
            throw ApiException.validation(List.of("group: must be a failure group key (16 hex digits) or "
                    + FailureGroup.UNGROUPED));
        }
        return group.stringValue();
    }
}
