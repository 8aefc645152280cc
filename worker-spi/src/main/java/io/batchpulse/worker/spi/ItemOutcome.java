package io.batchpulse.worker.spi;

import tools.jackson.databind.JsonNode;

/**
 * What a successful attempt produced, published as {@code item.completed}.
 *
 * @param result any JSON the processor wants to keep with the item (a {@code summary} field is
 *               shown next to the best result so far)
 * @param score  optional number that ranks results for "best so far" (higher is better)
 * @param label  optional label to show instead of the item's own
 */
public record ItemOutcome(JsonNode result, Double score, String label) {

    public static ItemOutcome of(JsonNode result) {
        return new ItemOutcome(result, null, null);
    }

    public ItemOutcome withScore(Double newScore) {
        return new ItemOutcome(result, newScore, label);
    }

    public ItemOutcome withLabel(String newLabel) {
        return new ItemOutcome(result, score, newLabel);
    }
}
