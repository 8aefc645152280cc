package io.batchpulse.orchestrator.batch;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Loads and stores {@link BatchJob}s. Every status change locks the row first: commands, the
 * recorder, the dispatcher and the sweeper all lock batch rows (in id order) before item rows,
 * so they serialize per batch and cannot deadlock on each other.
 */
@Component
public class BatchJobs {

    @PersistenceContext
    private EntityManager entityManager;

    public Optional<BatchJob> lock(UUID id) {
        return Optional.ofNullable(entityManager.find(BatchJob.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    public boolean exists(UUID id) {
        return entityManager.find(BatchJob.class, id) != null;
    }

    public void create(BatchJob job) {
        entityManager.persist(job);
        entityManager.flush();
    }

    /** Writes the change now, so the bulk SQL that follows in the same transaction sees it. */
    public void flush() {
        entityManager.flush();
    }
}
