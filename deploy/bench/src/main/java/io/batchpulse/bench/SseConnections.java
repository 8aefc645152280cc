package io.batchpulse.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Many SSE clients in one JVM: the JDK HttpClient's non-blocking connections (one selector
 * thread for all), each with a line-reading body subscriber. A thread per connection, as the
 * blocking SSE libraries use, would not hold ten thousand.
 */
final class SseConnections implements AutoCloseable {

    /** Streams in their HTTP exchange at once: a connect storm of tens of thousands would time out. */
    private static final int CONNECTING_AT_ONCE = 200;

    private final ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "bench-sse");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30))
            .executor(executor)
            .build();
    private final AtomicInteger streaming = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger events = new AtomicInteger();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final Queue<Flow.Subscription> subscriptions = new ConcurrentLinkedQueue<>();
    private final Queue<String> errorSamples = new ConcurrentLinkedQueue<>();

    /**
     * Opens {@code count} streams, stream i at {@code url(i)} with {@code token(i)}; each future
     * completes with that stream's first event, or fails.
     */
    List<CompletableFuture<Void>> openAll(int count, IntFunction<URI> url, IntFunction<String> token,
            Consumer<SseEvent> listener) {
        Semaphore connecting = new Semaphore(CONNECTING_AT_ONCE);
        List<CompletableFuture<Void>> opened = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            connecting.acquireUninterruptibly();
            CompletableFuture<Void> first = open(url.apply(i), token.apply(i), listener);
            first.whenComplete((ok, error) -> connecting.release());
            opened.add(first);
        }
        return opened;
    }

    /** Opens one stream; the future completes with its first event (the snapshot), or fails. */
    CompletableFuture<Void> open(URI url, String token) {
        return open(url, token, event -> {
        });
    }

    /** Opens one stream whose events also go to {@code listener}, on the client's executor threads. */
    CompletableFuture<Void> open(URI url, String token, Consumer<SseEvent> listener) {
        CompletableFuture<Void> first = new CompletableFuture<>();
        HttpRequest request = HttpRequest.newBuilder(url)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        Connection connection = new Connection(first, listener);
        http.sendAsync(request, info -> {
            statuses.computeIfAbsent(info.statusCode(), code -> new AtomicInteger()).incrementAndGet();
            if (info.statusCode() != 200) {
                first.completeExceptionally(new IllegalStateException("HTTP " + info.statusCode()));
                return HttpResponse.BodySubscribers.replacing(null);
            }
            streaming.incrementAndGet();
            return HttpResponse.BodySubscribers.fromLineSubscriber(connection);
        }).whenComplete((response, error) -> {
            if (error != null) {
                failed.incrementAndGet();
                if (errorSamples.size() < 5) {
                    errorSamples.add(String.valueOf(error.getCause() != null ? error.getCause() : error));
                }
                first.completeExceptionally(error);
            }
        });
        return first;
    }

    int streaming() {
        return streaming.get();
    }

    int completed() {
        return completed.get();
    }

    int failed() {
        return failed.get();
    }

    int events() {
        return events.get();
    }

    Map<Integer, AtomicInteger> statuses() {
        return statuses;
    }

    Queue<String> errorSamples() {
        return errorSamples;
    }

    @Override
    public void close() {
        subscriptions.forEach(Flow.Subscription::cancel);
        subscriptions.clear();
        executor.shutdownNow();
    }

    /** One client: counts events and notices the stream's end event. */
    private final class Connection implements Flow.Subscriber<String> {

        private final CompletableFuture<Void> first;
        private final Consumer<SseEvent> listener;
        private final SseLineParser parser = new SseLineParser(this::event);
        private boolean done;

        Connection(CompletableFuture<Void> first, Consumer<SseEvent> listener) {
            this.first = first;
            this.listener = listener;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscriptions.add(subscription);
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            parser.line(line);
        }

        private void event(SseEvent event) {
            events.incrementAndGet();
            first.complete(null);
            listener.accept(event);
            if (!done && event.name().equals("batch.complete")) {
                done = true;
                completed.incrementAndGet();
            }
        }

        @Override
        public void onError(Throwable error) {
            first.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            first.completeExceptionally(new IllegalStateException("stream closed before its first event"));
        }
    }
}
