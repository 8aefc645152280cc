package io.batchpulse.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.batchpulse.events.BatchEvent;
import io.batchpulse.events.Headers;
import io.batchpulse.events.item.ItemCompleted;
import io.batchpulse.events.item.ItemDispatch;
import io.batchpulse.events.item.ItemFailed;
import io.batchpulse.events.item.ItemProgress;
import io.batchpulse.events.item.ItemRetrying;
import io.batchpulse.events.item.ItemStarted;
import io.batchpulse.testsupport.TracedRecords;
import io.batchpulse.worker.support.Dispatches;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The worker as the orchestrator sees it: dispatch records in, item events out, on a real broker. */
class ItemDispatchIntegrationTests extends WorkerIntegrationContext {

    @Test
    void completesItemAndPublishesStartedThenCompleted() {
        UUID batchId = UUID.randomUUID();
        ItemDispatch dispatch = Dispatches.dispatch(batchId, 1, 3, "simulated", "{\"latencyMs\":0,\"seed\":7}");
        kafka.send(dispatch);

        List<BatchEvent> events = kafka.awaitEvents(batchId, 2);

        assertThat(events).extracting(BatchEvent::type).containsExactly(ItemStarted.TYPE, ItemCompleted.TYPE);
        ItemStarted started = (ItemStarted) events.get(0);
        assertThat(started.itemId()).isEqualTo(dispatch.itemId());
        assertThat(started.attempt()).isEqualTo(1);
        assertThat(started.workerId()).isEqualTo("worker-under-test");
        assertThat(started.label()).isEqualTo("item 0");
        ItemCompleted completed = (ItemCompleted) events.get(1);
        assertThat(completed.score()).isBetween(0.0, 100.0);
        assertThat(completed.label()).isEqualTo("item 0");
        assertThat(completed.result().get("summary").stringValue()).contains("scored");
        assertThat(completed.durationMs()).isGreaterThanOrEqualTo(0);
        ConsumerRecord<String, BatchEvent> record = kafka.eventRecordsOf(batchId).get(1);
        assertThat(new String(record.headers().lastHeader(Headers.TYPE).value(), StandardCharsets.UTF_8))
                .isEqualTo(ItemCompleted.TYPE);
        assertThat(new String(record.headers().lastHeader(Headers.WORKER_ID).value(), StandardCharsets.UTF_8))
                .isEqualTo("worker-under-test");
    }

    @Test
    void failureOnLastAttemptPublishesItemFailedWithDetails() {
        UUID batchId = UUID.randomUUID();
        kafka.send(Dispatches.dispatch(batchId, 3, 3, "simulated", "{\"failureRate\":1.0}"));

        List<BatchEvent> events = kafka.awaitEvents(batchId, 2);

        assertThat(events).extracting(BatchEvent::type).containsExactly(ItemStarted.TYPE, ItemFailed.TYPE);
        ItemFailed failed = (ItemFailed) events.get(1);
        assertThat(failed.error().code()).isEqualTo("VALIDATION_FAILED");
        assertThat(failed.error().details()).singleElement().asString().startsWith("ValidationEngineError: ");
        assertThat(failed.retryable()).isFalse();
        assertThat(failed.attempt()).isEqualTo(3);
    }

    @Test
    void retryableFailureBeforeLastAttemptPublishesItemRetryingWithBackoff() {
        UUID batchId = UUID.randomUUID();
        kafka.send(Dispatches.dispatch(batchId, 2, 3, "simulated", "{\"retryableFailureRate\":1.0}"));

        List<BatchEvent> events = kafka.awaitEvents(batchId, 2);

        assertThat(events).extracting(BatchEvent::type).containsExactly(ItemStarted.TYPE, ItemRetrying.TYPE);
        ItemRetrying retrying = (ItemRetrying) events.get(1);
        assertThat(retrying.error().code()).isEqualTo("UPSTREAM_TIMEOUT");
        // attempt 2 failed: initial interval (1s) x multiplier (2)
        assertThat(retrying.retryDelayMs()).isEqualTo(2_000);
    }

    @Test
    void retryableFailureOnLastAttemptFailsItemAndKeepsRetryableFlag() {
        UUID batchId = UUID.randomUUID();
        kafka.send(Dispatches.dispatch(batchId, 3, 3, "simulated", "{\"retryableFailureRate\":1.0}"));

        ItemFailed failed = (ItemFailed) kafka.awaitEvents(batchId, 2).get(1);

        assertThat(failed.error().code()).isEqualTo("UPSTREAM_TIMEOUT");
        assertThat(failed.retryable()).isTrue();
    }

    @Test
    void throttledLastAttemptIsRetriedAtTheUpstreamsTimeInsteadOfFailing() throws Exception {
        HttpServer server = endpoint("/busy", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "30");
            exchange.sendResponseHeaders(429, -1);
            exchange.close();
        });
        try {
            UUID batchId = UUID.randomUUID();
            Instant before = Instant.now();
            kafka.send(Dispatches.dispatch(batchId, 3, 3, "http",
                    "{\"url\":\"http://127.0.0.2:" + server.getAddress().getPort() + "/busy\"}"));

            List<BatchEvent> events = kafka.awaitEvents(batchId, 2);

            assertThat(events).extracting(BatchEvent::type).containsExactly(ItemStarted.TYPE, ItemRetrying.TYPE);
            ItemRetrying retrying = (ItemRetrying) events.get(1);
            assertThat(retrying.error().code()).isEqualTo("HTTP_429");
            assertThat(retrying.throttledUntil()).isAfterOrEqualTo(before.plusSeconds(30));
            assertThat(retrying.retryDelayMs()).isBetween(1L, 30_000L);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theHttpProcessorHandsTheTraceOnToTheEndpointItCalls() throws Exception {
        AtomicReference<String> received = new AtomicReference<>();
        HttpServer server = endpoint("/generate", exchange -> {
            received.set(exchange.getRequestHeaders().getFirst("traceparent"));
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        try {
            UUID batchId = UUID.randomUUID();
            String traceId = TracedRecords.newTraceId();
            kafka.sendTraced(Dispatches.dispatch(batchId, 1, 3, "http",
                    "{\"url\":\"http://127.0.0.2:" + server.getAddress().getPort() + "/generate\"}"),
                    TracedRecords.traceparent(traceId));

            List<BatchEvent> events = kafka.awaitEvents(batchId, 2);

            assertThat(events).extracting(BatchEvent::type).containsExactly(ItemStarted.TYPE, ItemCompleted.TYPE);
            // a team's generator in any language can join the batch's trace
            assertThat(TracedRecords.traceIdOf(received.get())).isEqualTo(traceId);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void unexpectedProcessorExceptionIsRetryableProcessorError() {
        UUID batchId = UUID.randomUUID();
        kafka.send(Dispatches.dispatch(batchId, 1, 3, "exploding", null));

        ItemRetrying retrying = (ItemRetrying) kafka.awaitEvents(batchId, 2).get(1);

        assertThat(retrying.error().code()).isEqualTo("PROCESSOR_ERROR");
        assertThat(retrying.error().message()).contains("boom in item 0");
        assertThat(retrying.retryDelayMs()).isEqualTo(1_000);
    }

    @Test
    void unknownProcessorFailsItemPermanently() {
        UUID batchId = UUID.randomUUID();
        kafka.send(Dispatches.dispatch(batchId, 1, 3, "no-such-processor", null));

        List<BatchEvent> events = kafka.awaitEvents(batchId, 2);

        ItemFailed failed = (ItemFailed) events.get(1);
        assertThat(failed.error().code()).isEqualTo("UNKNOWN_PROCESSOR");
        assertThat(failed.error().message()).contains("no-such-processor");
        assertThat(failed.retryable()).isFalse();
    }

    /** The report: a batch aimed at a service next to the worker got that service's reply back. */
    @Test
    void httpItemAimedAtTheWorkersOwnPortFailsAsTargetRefused() {
        UUID batchId = UUID.randomUUID();
        kafka.send(Dispatches.dispatch(batchId, 1, 3, "http",
                "{\"url\":\"http://127.0.0.1:" + port + "/actuator/health\"}"));

        ItemFailed failed = (ItemFailed) kafka.awaitEvents(batchId, 2).get(1);

        assertThat(failed.error().code()).isEqualTo("TARGET_REFUSED");
        assertThat(failed.error().message()).contains("127.0.0.1 is a loopback address");
        assertThat(failed.error().details()).isEmpty();
        assertThat(failed.retryable()).isFalse();
    }

    @Test
    void progressReportsPublishItemProgress() {
        UUID batchId = UUID.randomUUID();
        kafka.send(Dispatches.dispatch(batchId, 1, 1, "stepwise", null));

        List<BatchEvent> events = kafka.awaitEvents(batchId, 5);

        assertThat(events).extracting(BatchEvent::type).containsExactly(ItemStarted.TYPE, ItemProgress.TYPE,
                ItemProgress.TYPE, ItemProgress.TYPE, ItemCompleted.TYPE);
        assertThat(events.subList(1, 4)).map(ItemProgress.class::cast).extracting(ItemProgress::percent)
                .containsExactly(25.0, 50.0, 75.0);
        assertThat(((ItemProgress) events.get(1)).message()).isEqualTo("step 1 of 4");
    }

    @Test
    void theAttemptRunsInASpanOfTheDispatchTraceAndItsEventsCarryIt() {
        UUID batchId = UUID.randomUUID();
        String traceId = TracedRecords.newTraceId();
        String traceparent = TracedRecords.traceparent(traceId);
        // stepwise sends item.progress from inside the processor: those prove the processor runs in the span
        kafka.sendTraced(Dispatches.dispatch(batchId, 1, 1, "stepwise", null), traceparent);

        kafka.awaitEvents(batchId, 5);

        List<String> traceparents = kafka.eventRecordsOf(batchId).stream()
                .map(record -> header(record, Headers.TRACEPARENT)).toList();
        assertThat(traceparents).hasSize(5)
                .allSatisfy(sent -> assertThat(TracedRecords.traceIdOf(sent)).isEqualTo(traceId))
                // spans of the worker (the attempt's, each send's), not the dispatch's context copied along
                .doesNotContain(traceparent);
    }

    @Test
    void processorFromATeamsJarIsFoundThroughTheSpi() {
        // word-count is no bean of the worker: it comes from the example module's jar, which
        // lists it in META-INF/services and was compiled against worker-spi alone
        UUID batchId = UUID.randomUUID();
        kafka.send(Dispatches.dispatch(batchId, 0, 1, 3, "word-count", "{\"top\":1}",
                "{\"text\":\"to be or not to be\"}"));

        List<BatchEvent> events = kafka.awaitEvents(batchId, 2);

        assertThat(events).extracting(BatchEvent::type).containsExactly(ItemStarted.TYPE, ItemCompleted.TYPE);
        ItemCompleted completed = (ItemCompleted) events.get(1);
        assertThat(completed.result().get("words").intValue()).isEqualTo(6);
        assertThat(completed.result().get("summary").stringValue()).isEqualTo("6 words, 4 distinct; most frequent: be");
        assertThat(completed.score()).isEqualTo(66.67);
    }

    @Test
    void poisonDispatchGoesToDeadLetterAndNextIsProcessed() {
        String poisonKey = UUID.randomUUID().toString();
        byte[] poison = "{not json".getBytes(StandardCharsets.UTF_8);
        UUID batchId = UUID.randomUUID();
        kafka.sendRaw(poisonKey, poison);
        kafka.send(Dispatches.dispatch(batchId, 1, 3, "simulated", null));

        ConsumerRecord<String, byte[]> deadLetter = kafka.awaitDeadLetter(poisonKey);

        assertThat(deadLetter.value()).isEqualTo(poison);
        assertThat(deadLetter.partition()).isZero();
        assertThat(header(deadLetter, "kafka_dlt-exception-message")).contains("Cannot read ItemDispatch");
        assertThat(header(deadLetter, "kafka_dlt-original-topic")).isEqualTo(topics.itemDispatch());
        assertThat(kafka.awaitEvents(batchId, 2)).extracting(BatchEvent::type)
                .containsExactly(ItemStarted.TYPE, ItemCompleted.TYPE);
        await().untilAsserted(() -> assertThat(meters.find("batchpulse.dlt.records")
                .tag("topic", topics.itemDispatch()).counters())
                .anySatisfy(counter -> assertThat(counter.count()).isGreaterThanOrEqualTo(1)));
    }

    @Test
    void emptyDispatchRecordGoesToDeadLetter() {
        String key = UUID.randomUUID().toString();
        kafka.sendRaw(key, null);

        ConsumerRecord<String, byte[]> deadLetter = kafka.awaitDeadLetter(key);

        assertThat(deadLetter.value()).isNull();
        assertThat(header(deadLetter, "kafka_dlt-original-topic")).isEqualTo(topics.itemDispatch());
    }

    @Test
    void dispatchOfNewerSchemaGoesToDeadLetterWithReason() {
        UUID batchId = UUID.randomUUID();
        ItemDispatch newer = Dispatches.withSchemaVersion(Dispatches.dispatch(batchId, 1, 3, "simulated", null), 99);
        UUID nextBatchId = UUID.randomUUID();
        kafka.send(newer);
        kafka.send(Dispatches.dispatch(nextBatchId, 1, 3, "simulated", null));

        ConsumerRecord<String, byte[]> deadLetter = kafka.awaitDeadLetter(newer.itemId().toString());

        assertThat(header(deadLetter, "kafka_dlt-exception-message")).contains("schemaVersion 99 is not supported");
        assertThat(kafka.awaitEvents(nextBatchId, 2)).hasSize(2);
        assertThat(kafka.eventsOf(batchId)).isEmpty();
    }

    @Test
    void healthProbesReportUp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String probe : List.of("liveness", "readiness")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/health/" + probe)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("UP");
        }
    }

    /** An endpoint for the http processor on a loopback address of its own (the allowed target). */
    private static HttpServer endpoint(String path, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        server.createContext(path, handler);
        server.start();
        return server;
    }
}
