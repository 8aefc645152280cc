package io.batchpulse.orchestrator.callback;

import io.batchpulse.events.model.CallbackEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * What a callback receives, as JSON. {@code deliveryId} is the same on every attempt and resend of
 * one delivery (also in the {@code Batchpulse-Delivery} header), so a receiver can drop repeats.
 *
 * @param reason     why the batch failed or paused (TIMEOUT, FAILURE_THRESHOLD, USER), else null
 * @param occurredAt when the batch reached {@code event}
 */
record CallbackBody(
        UUID deliveryId,
        CallbackEvent event,
        UUID batchId,
        String name,
        String status,
        String reason,
        long total,
        long completed,
        long failed,
        long cancelled,
        long pending,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant occurredAt) {
}
