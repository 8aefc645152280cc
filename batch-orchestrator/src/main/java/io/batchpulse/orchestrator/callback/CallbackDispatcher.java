package io.batchpulse.orchestrator.callback;

import io.batchpulse.orchestrator.OrchestratorProperties;
import io.batchpulse.orchestrator.background.BackgroundLoop;
import io.batchpulse.orchestrator.db.Transactions;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The callback delivery thread of this instance: every {@code pollInterval} it claims the due
 * deliveries (at most {@code concurrency} at a time), POSTs them in parallel and records each
 * attempt. Any number of orchestrators may run it; the claim keeps one attempt to one of them.
 * Sending happens outside any transaction, so a slow receiver holds no database connection.
 */
@Component
class CallbackDispatcher extends BackgroundLoop implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(CallbackDispatcher.class);

    private final CallbackDeliveries deliveries;
    private final Transactions transactions;
    private final OrchestratorProperties.Callbacks settings;
    private final CallbackSender sender;
    private volatile ThreadPoolTaskScheduler scheduler;
    private volatile ExecutorService senders;

    CallbackDispatcher(CallbackDeliveries deliveries, Transactions transactions, OrchestratorProperties properties) {
        this.deliveries = deliveries;
        this.transactions = transactions;
        this.settings = properties.callbacks();
        this.sender = new CallbackSender(settings, InetAddress::getAllByName, Clock.systemUTC());
    }

    @Override
    protected void begin() {
        senders = Executors.newFixedThreadPool(settings.concurrency(), new CustomizableThreadFactory("callback-send-"));
        ThreadPoolTaskScheduler started = new ThreadPoolTaskScheduler();
        started.setThreadNamePrefix("callbacks");
        started.setDaemon(true);
        // a round under way records its attempts before the data source goes away
        started.setWaitForTasksToCompleteOnShutdown(true);
        started.setAwaitTerminationSeconds((int) settings.claimLease().toSeconds());
        started.initialize();
        started.scheduleWithFixedDelay(this::deliverDue, settings.pollInterval());
        scheduler = started;
        log.info("Callback deliveries started: {}", settings.targetPolicy());
    }

    /** Claims and sends until nothing is due; a failed round must not end the scheduled task. */
    void deliverDue() {
        try {
            List<CallbackDeliveries.Claimed> claimed;
            do {
                claimed = transactions.inTransaction(() -> deliveries.claim(settings.concurrency()));
                CompletableFuture.allOf(claimed.stream()
                        .map(delivery -> CompletableFuture.runAsync(() -> deliver(delivery), senders))
                        .toArray(CompletableFuture[]::new)).join();
            } while (claimed.size() == settings.concurrency() && isRunning());
        } catch (RuntimeException e) {
            log.warn("Callback delivery round failed: {}", e.toString(), e);
        }
    }

    private void deliver(CallbackDeliveries.Claimed delivery) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("batchId", delivery.batchId().toString())) {
            CallbackDeliveries.Outcome outcome = sender.send(delivery);
            boolean recorded = transactions.inTransaction(() -> deliveries.record(delivery, outcome));
            if (!recorded) {
                log.warn("Callback delivery {} attempt {} outlived its claim; another instance has it",
                        delivery.id(), delivery.attempt());
            } else if (outcome.delivered()) {
                log.info("Callback delivery {} ({}) delivered at attempt {}", delivery.id(), delivery.event(),
                        delivery.attempt());
            } else {
                log.info("Callback delivery {} ({}) attempt {} failed: {}", delivery.id(), delivery.event(),
                        delivery.attempt(), outcome.error());
            }
        }
    }

    @Override
    protected void end() {
        ThreadPoolTaskScheduler running = scheduler;
        scheduler = null;
        if (running != null) {
            // waits for the round under way: its attempts are recorded; one cut short keeps its claim until the lease ends
            running.shutdown();
            senders.shutdown();
        }
    }

    /** The client outlives a stop (a stopped dispatcher may start again) and closes with the context. */
    @Override
    public void destroy() throws IOException {
        sender.close();
    }
}
