package io.batchpulse.events.progress;

import java.util.UUID;

/** The completed item with the highest score so far; summary is a short text of its result. */
public record BestResult(UUID itemId, long index, String label, double score, String summary) {
}
