package io.batchpulse.gateway.upload;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * One lock per upload in this process: a chunk, the making of its batch, a delete and the
 * sweeper never work on one upload at once. (Uploads live on this instance's disk; see the README
 * for several instances.)
 */
@Component
public class UploadLocks {

    private final Map<UUID, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** Runs {@code work} holding the upload's lock; empty if the lock was not free within {@code wait}. */
    public <T> Optional<T> withLock(UUID id, Duration wait, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(id, key -> new ReentrantLock());
        try {
            if (!lock.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(work.get());
        } finally {
            lock.unlock();
        }
    }

    /** The upload is gone: its lock is no longer needed. */
    void forget(UUID id) {
        locks.remove(id);
    }
}
