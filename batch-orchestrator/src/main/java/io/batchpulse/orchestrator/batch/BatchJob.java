package io.batchpulse.orchestrator.batch;

import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.FileSource;
import io.batchpulse.orchestrator.batch.BatchStatusMachine.Action;
import io.batchpulse.orchestrator.db.JsonText;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A batch's identity, settings and status. Status changes go through {@link BatchStatusMachine}.
 * The item counters are maintained in bulk SQL from the item rows that really changed, so the
 * entity never writes them ({@code insertable/updatable = false}) and {@link DynamicUpdate} keeps
 * a status change from overwriting them with a stale copy.
 */
@Entity
@Table(name = "batch_jobs")
@DynamicUpdate
public class BatchJob {

    @Id
    private UUID id;

    private String name;

    private String owner;

    private String processor;

    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "cast(? as jsonb)")
    private String config;

    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "cast(? as jsonb)")
    private String options;

    /** The uploaded file the items come from; written once at creation. */
    @Column(columnDefinition = "jsonb", updatable = false)
    @ColumnTransformer(write = "cast(? as jsonb)")
    private String source;

    @Convert(converter = BatchStatusConverter.class)
    private BatchStatus status;

    private String statusReason;

    /** Moved by {@link BatchStages} only, together with the batch.stage event it writes. */
    private String stage;

    @Column(insertable = false, updatable = false)
    private long total;

    private boolean sealed;

    private Instant createdAt;

    private Instant startedAt;

    private Instant finishedAt;

    @Column(updatable = false)
    private Integer commandPartition;

    @Column(updatable = false)
    private Integer commandPartitions;

    @Version
    private long version;

    protected BatchJob() {
        // for JPA
    }

    public BatchJob(UUID id, String name, String owner, String processor, String configJson, String optionsJson,
            String sourceJson, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.owner = owner;
        this.processor = processor;
        this.config = configJson;
        this.options = optionsJson;
        this.source = sourceJson;
        this.status = BatchStatus.CREATED;
        this.createdAt = createdAt;
    }

    /** The batch-commands partition its key maps to, of {@code partitions}, so owners can select their batches in SQL. */
    public void keyedTo(int partition, int partitions) {
        this.commandPartition = partition;
        this.commandPartitions = partitions;
    }

    public void seal(Instant now) {
        status = BatchStatusMachine.apply(status, Action.SEAL);
        sealed = true;
        startedAt = now;
    }

    public void pause(String reason) {
        status = BatchStatusMachine.apply(status, Action.PAUSE);
        statusReason = reason;
    }

    public void resume() {
        status = BatchStatusMachine.apply(status, Action.RESUME);
        statusReason = null;
    }

    public void cancel(Instant now) {
        status = BatchStatusMachine.apply(status, Action.CANCEL);
        statusReason = null;
        finishedAt = now;
    }

    /** Ends a running batch: completed, completed with errors, or failed (with a reason). */
    public void finish(Action action, String reason, Instant now) {
        status = BatchStatusMachine.apply(status, action);
        statusReason = reason;
        finishedAt = now;
    }

    /** Runs the batch again; the deadline counts from now, as for a fresh start. */
    public void retryFailed(Instant now) {
        status = BatchStatusMachine.apply(status, Action.RETRY_FAILED);
        statusReason = null;
        finishedAt = null;
        startedAt = now;
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String owner() {
        return owner;
    }

    public BatchStatus status() {
        return status;
    }

    public boolean sealed() {
        return sealed;
    }

    /** Items appended so far; read in the transaction that locked the row, so it is current. */
    public long total() {
        return total;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The stage the batch is in; null before a JSON batch's seal and for batches from before stages. */
    public Stage stage() {
        return Stage.fromWire(stage);
    }

    void enter(Stage next) {
        stage = next.wire();
    }

    /** The uploaded file the items come from, null for a batch created from JSON. */
    FileSource source() {
        return JsonText.read(source, FileSource.class);
    }
}
