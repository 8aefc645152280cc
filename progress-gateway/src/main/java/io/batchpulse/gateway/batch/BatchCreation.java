package io.batchpulse.gateway.batch;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.command.AppendItems;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.CreateBatch;
import io.batchpulse.events.command.RerunBatch;
import io.batchpulse.events.command.SealBatch;
import io.batchpulse.events.model.Requester;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.auth.Caller;
import io.batchpulse.gateway.command.CommandBus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/**
 * Creates a batch: checks the request, writes create + append-items chunks + seal in one Kafka
 * transaction, and answers once the orchestrator confirmed create (batch.created) and seal
 * (batch.started), or refused one of them (command.rejected). Nothing is written for a bad request.
 */
@Service
class BatchCreation {

    private static final Logger log = LoggerFactory.getLogger(BatchCreation.class);

    private final CreateBatchValidator validator;
    private final CommandBus commands;
    private final BatchQueries queries;
    private final GatewayProperties.Commands settings;

    BatchCreation(CreateBatchValidator validator, CommandBus commands, BatchQueries queries, GatewayProperties properties) {
        this.validator = validator;
        this.commands = commands;
        this.queries = queries;
        this.settings = properties.commands();
    }

    BatchDetails create(Caller caller, CreateBatchRequest request) {
        validator.check(request);
        UUID batchId = UUID.randomUUID();
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", batchId.toString())) {
            Requester requester = caller.requester();
            Instant now = Instant.now();
            CreateBatch create = request.spec().createCommand(batchId, requester, now, null);
            SealBatch seal = new SealBatch(UUID.randomUUID(), batchId, now, SchemaVersion.CURRENT, requester,
                    request.items().size());
            List<BatchCommand> all = new ArrayList<>();
            all.add(create);
            all.addAll(appends(batchId, now, requester, request));
            all.add(seal);
            commands.request(NewBatchRequest.of(all, create.commandId(), seal.commandId()), BatchStarted.class);
            log.info("Batch created with {} items in {} commands", seal.total(), all.size());
            // 201 body: read back as GET reads it; stored before its outcome is published, so the read cannot race it
            return queries.created(batchId);
        }
    }

    /**
     * "Run again": a new batch with the items, settings, processor and callbacks of one the caller
     * may see. Answers once the orchestrator created it (batch.created); it copies the items
     * itself, however many, and starts the batch when they are all in.
     *
     * @throws io.batchpulse.gateway.api.ApiException NOT_FOUND (unknown or someone else's) before anything is written,
     *         INVALID_TRANSITION for a batch still receiving its items
     */
    BatchDetails rerun(Caller caller, UUID sourceId) {
        queries.visibleBatch(caller, sourceId);
        UUID batchId = UUID.randomUUID();
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", batchId.toString())) {
            RerunBatch rerun = new RerunBatch(UUID.randomUUID(), batchId, Instant.now(), SchemaVersion.CURRENT,
                    caller.requester(), sourceId);
            commands.request(NewBatchRequest.of(List.of(rerun), rerun.commandId()), BatchCreated.class);
            log.info("Batch created to run batch {} again", sourceId);
            return queries.created(batchId);
        }
    }

    private List<AppendItems> appends(UUID batchId, Instant now, Requester requester, CreateBatchRequest request) {
        return ItemChunker.chunks(request.items(), settings.appendChunkSize(), settings.appendChunkBytes().toBytes())
                .stream()
                .map(chunk -> chunk.command(batchId, now, requester))
                .toList();
    }
}
