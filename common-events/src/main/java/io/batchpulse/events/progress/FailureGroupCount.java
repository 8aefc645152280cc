package io.batchpulse.events.progress;

/**
 * One failure group as the snapshot shows it: how many of the batch's items are failed with
 * this error code and message signature now (retried items leave it).
 *
 * @param key the group's key, as {@code POST /retry-failed {"group": key}} takes it
 */
public record FailureGroupCount(String key, String code, String signature, long count) {
}
