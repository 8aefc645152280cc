package io.batchpulse.gateway.batch;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchCreated;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.events.command.AppendItems;
import io.batchpulse.events.command.BatchCommand;
import io.batchpulse.events.command.CreateBatch;
import io.batchpulse.events.command.SealBatch;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.Requester;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import io.batchpulse.gateway.auth.Caller;
import io.batchpulse.gateway.command.CommandBus;
import io.batchpulse.gateway.command.Rejections;
import io.batchpulse.gateway.command.Replies;
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
            return submit(all, create, seal);
        }
    }

    private BatchDetails submit(List<BatchCommand> all, CreateBatch create, SealBatch seal) {
        UUID batchId = create.batchId();
        try (Replies replies = commands.send(all, create.commandId(), seal.commandId())) {
            BatchCreated created = accepted(replies.await(create.commandId()), BatchCreated.class);
            BatchStarted started = accepted(replies.await(seal.commandId()), BatchStarted.class);
            log.info("Batch created with {} items in {} commands", seal.total(), all.size());
            return queries.detailsIfReadable(batchId).orElseGet(() -> fromEvents(create, created, started, seal.total()));
        } catch (CommandBus.CommandsNotSentException e) {
            throw new ApiException(ErrorCode.UNAVAILABLE, "The batch could not be submitted; nothing was created");
        } catch (Replies.NoReplyException e) {
            log.warn("No confirmation for batch within {}", settings.replyTimeout());
            throw new ApiException(ErrorCode.UNAVAILABLE,
                    "The batch was submitted but not confirmed in time; look it up later",
                    List.of("batchId: " + batchId));
        }
    }

    private static <T extends BatchEvent> T accepted(BatchEvent outcome, Class<T> expected) {
        if (outcome instanceof CommandRejected rejected) {
            log.info("Orchestrator refused {}: {} {}", rejected.commandType(), rejected.code(), rejected.message());
            throw Rejections.toApiException(rejected);
        }
        if (!expected.isInstance(outcome)) {
            throw new IllegalStateException("Unexpected outcome " + outcome.type() + " for a command");
        }
        return expected.cast(outcome);
    }

    private List<AppendItems> appends(UUID batchId, Instant now, Requester requester, CreateBatchRequest request) {
        return ItemChunker.chunks(request.items(), settings.appendChunkSize(), settings.appendChunkBytes().toBytes())
                .stream()
                .map(chunk -> new AppendItems(UUID.randomUUID(), batchId, now, SchemaVersion.CURRENT, requester,
                        chunk.firstIndex(), chunk.items()))
                .toList();
    }

    /** When the read API cannot answer yet, the confirmed events say enough about the new batch. */
    private static BatchDetails fromEvents(CreateBatch create, BatchCreated created, BatchStarted started, long total) {
        BatchView view = new BatchView(create.batchId(), created.name(), created.owner(), BatchStatus.RUNNING, null,
                created.processor(), created.config(), created.options(), total, total, 0, 0, 0, 0,
                created.occurredAt(), started.occurredAt(), null, "queued", created.source());
        return BatchDetails.of(view, null, null);
    }
}
