package io.batchpulse.gateway.upload;

import io.batchpulse.gateway.GatewayProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Frees the disk, every {@code sweep-interval}: an upload not turned into a batch is deleted
 * {@code expire-after} after its last activity; a batched one's data goes at once (its items are
 * in the orchestrator) and its metadata after the same time. Uploads being fed are never touched,
 * and neither is an upload whose lock is held (a chunk being written): it is looked at next time.
 */
@Component
class UploadSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UploadSweeper.class);

    private final UploadStore store;
    private final UploadLocks locks;
    private final Duration expireAfter;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    UploadSweeper(UploadStore store, UploadLocks locks, GatewayProperties properties) {
        this.store = store;
        this.locks = locks;
        this.expireAfter = properties.uploads().expireAfter();
        this.interval = properties.uploads().sweepInterval();
    }

    void sweep() {
        Instant now = Instant.now();
        for (UUID id : store.ids()) {
            try {
                locks.withLock(id, Duration.ZERO, () -> sweep(id, now));
            } catch (RuntimeException e) {
                log.warn("Could not sweep upload {}: {}", id, e.getMessage());
            }
        }
    }

    private Boolean sweep(UUID id, Instant now) {
        Optional<Upload> found = store.find(id);
        if (found.isEmpty()) {
            // half-created, or metadata unreadable: gone once it is as old as an expired upload
            if (store.lastModified(id).map(at -> at.plus(expireAfter).isBefore(now)).orElse(true)) {
                forget(id, "without readable metadata");
            }
            return true;
        }
        Upload upload = found.get();
        if (upload.state() == UploadState.FEEDING) {
            return true;
        }
        if (upload.state() == UploadState.BATCHED) {
            store.deleteData(id);
        }
        if (!upload.expiresAt(expireAfter).isAfter(now)) {
            forget(id, upload.state() == UploadState.BATCHED ? "batched into " + upload.batchId() : "expired");
        }
        return true;
    }

    private void forget(UUID id, String why) {
        store.delete(id);
        locks.forget(id);
        log.info("Upload {} removed ({})", id, why);
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "upload-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::sweep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
