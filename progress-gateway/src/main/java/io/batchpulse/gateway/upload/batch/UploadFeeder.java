package io.batchpulse.gateway.upload.batch;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.BatchStarted;
import io.batchpulse.events.command.AppendItems;
import io.batchpulse.events.command.SealBatch;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.model.NewItem;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.batch.ItemChunker;
import io.batchpulse.gateway.command.CommandBus;
import io.batchpulse.gateway.command.CommandRequest;
import io.batchpulse.gateway.orchestrator.OrchestratorClient;
import io.batchpulse.gateway.upload.Upload;
import io.batchpulse.gateway.upload.UploadState;
import io.batchpulse.gateway.upload.UploadStore;
import io.batchpulse.gateway.upload.parse.ItemReader;
import io.micrometer.context.ContextSnapshotFactory;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Feeds an upload's good items into its batch in the background, on a fixed number of threads:
 * append-items chunks cut as the file is read (by count and bytes, like the JSON create's), sent
 * in Kafka transactions of at most {@code chunks-per-transaction} chunks so no transaction holds
 * batch-commands' last stable offset for long, then the seal with the item count, confirmed by
 * batch.started. A feed that fails leaves the upload in feeding; a gateway that starts feeds such
 * uploads again from the start (append-items are idempotent by index), unless the orchestrator
 * shows the batch sealed already.
 */
@Component
class UploadFeeder implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(UploadFeeder.class);
    private static final ContextSnapshotFactory CONTEXT = ContextSnapshotFactory.builder().build();

    private final UploadStore store;
    private final UploadItems items;
    private final CommandBus commands;
    private final OrchestratorClient orchestrator;
    private final GatewayProperties.Commands chunking;
    private final GatewayProperties.Uploads settings;
    private final ExecutorService threads;

    UploadFeeder(UploadStore store, UploadItems items, CommandBus commands, OrchestratorClient orchestrator,
            GatewayProperties properties) {
        this.store = store;
        this.items = items;
        this.commands = commands;
        this.orchestrator = orchestrator;
        this.chunking = properties.commands();
        this.settings = properties.uploads();
        int size = settings.feedThreads();
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "upload-feed-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** On a feed thread, in the trace of the request that made the batch: its commands carry that trace. */
    void feed(Upload upload) {
        threads.execute(CONTEXT.captureAll().wrap(() -> {
            try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", upload.batchId().toString())) {
                run(upload);
            }
        }));
    }

    /** Uploads a previous run left in feeding are fed again, unless their batch is sealed already. */
    @EventListener(ApplicationReadyEvent.class)
    void resumeUnfinished() {
        for (UUID id : store.ids()) {
            store.find(id).filter(upload -> upload.state() == UploadState.FEEDING)
                    .ifPresent(upload -> threads.execute(() -> resume(upload)));
        }
    }

    private void resume(Upload upload) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", upload.batchId().toString())) {
            Optional<BatchView> batch = orchestrator.findBatch(upload.batchId());
            if (batch.isEmpty()) {
                log.warn("Upload {} was being fed into batch {}, which does not exist; nothing to feed", upload.id(),
                        upload.batchId());
                fed(upload);
            } else if (batch.get().status() != BatchStatus.CREATED) {
                log.info("Upload {}: batch already sealed", upload.id());
                fed(upload);
            } else {
                log.info("Upload {}: feeding batch again from the start", upload.id());
                run(upload);
            }
        } catch (RuntimeException e) {
            log.warn("Upload {} stays in feeding: could not look up batch {}: {}", upload.id(), upload.batchId(),
                    e.getMessage());
        }
    }

    private void run(Upload upload) {
        long started = System.nanoTime();
        try (ItemReader reader = items.open(upload)) {
            AtomicLong count = new AtomicLong();
            Iterator<AppendItems> appends = appends(upload, counted(reader.goodItems(), count));
            int transactions = 0;
            while (commands.sendUpTo(appends, settings.chunksPerTransaction()) > 0) {
                transactions++;
            }
            if (count.get() != upload.items()) {
                log.error("Upload {} now holds {} good items, not the {} of its batch; not sealing", upload.id(),
                        count.get(), upload.items());
                return;
            }
            log.info("Fed {} items of upload {} in {} transactions in {} ms; sealing", count.get(), upload.id(),
                    transactions, (System.nanoTime() - started) / 1_000_000);
            if (seal(upload)) {
                fed(upload);
            }
        } catch (RuntimeException e) {
            log.warn("Feeding upload {} failed; it stays in feeding and is fed again when the gateway starts",
                    upload.id(), e);
        }
    }

    /** True once the orchestrator started the batch (or shows it sealed after all). */
    private boolean seal(Upload upload) {
        SealBatch seal = new SealBatch(UUID.randomUUID(), upload.batchId(), Instant.now(), SchemaVersion.CURRENT,
                upload.requestedBy(), upload.items());
        CommandRequest request = new CommandRequest(List.of(seal), List.of(seal.commandId()),
                "The seal could not be sent", "The seal was not answered within " + settings.sealTimeout(),
                List.of(), settings.sealTimeout());
        try {
            commands.request(request, BatchStarted.class);
            log.info("Batch from upload {} started with {} items", upload.id(), upload.items());
            return true;
        } catch (ApiException e) {
            log.warn("The seal of the batch from upload {} failed: {} {}", upload.id(), e.code(), e.getMessage());
        }
        return orchestrator.findBatch(upload.batchId()).map(batch -> batch.status() != BatchStatus.CREATED)
                .orElse(false);
    }

    private void fed(Upload upload) {
        store.save(upload.batched(Instant.now()));
        store.deleteData(upload.id());
    }

    /** The upload's append-items commands, cut lazily as the good items are read. */
    private Iterator<AppendItems> appends(Upload upload, Iterator<NewItem> good) {
        return stream(ItemChunker.stream(good, chunking.appendChunkSize(), chunking.appendChunkBytes().toBytes()))
                .map(chunk -> chunk.command(upload.batchId(), Instant.now(), upload.requestedBy()))
                .iterator();
    }

    private static Iterator<NewItem> counted(Iterator<NewItem> items, AtomicLong count) {
        return stream(items).peek(item -> count.incrementAndGet()).iterator();
    }

    private static <T> Stream<T> stream(Iterator<T> iterator) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false);
    }

    @Override
    public void destroy() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
    }
}
