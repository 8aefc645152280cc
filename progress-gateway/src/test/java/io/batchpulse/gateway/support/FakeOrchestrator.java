package io.batchpulse.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.query.BatchView;
import io.batchpulse.events.query.CallbacksView;
import io.batchpulse.events.query.FailuresView;
import io.batchpulse.events.query.ItemView;
import io.batchpulse.events.query.PageView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Stands in for the orchestrator's internal HTTP read API only (a real JDK HTTP server on a
 * loopback port). The broker in these tests is real; end-to-end runs with the real orchestrator
 * live in the deploy module.
 */
public final class FakeOrchestrator {

    private final HttpServer server;
    private final Map<UUID, BatchView> batches = new ConcurrentHashMap<>();
    private final Set<UUID> broken = ConcurrentHashMap.newKeySet();
    private final List<String> listQueries = new CopyOnWriteArrayList<>();
    private final Map<UUID, String> results = new ConcurrentHashMap<>();
    private final Set<UUID> endlessResults = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Integer> brokenResults = new ConcurrentHashMap<>();
    private final List<String> resultQueries = new CopyOnWriteArrayList<>();
    private final Set<UUID> abandonedResults = ConcurrentHashMap.newKeySet();
    private final Map<UUID, FailuresView> failures = new ConcurrentHashMap<>();
    private final List<String> itemQueries = new CopyOnWriteArrayList<>();
    private final Map<UUID, CallbacksView> callbacks = new ConcurrentHashMap<>();
    private final List<UUID> resent = new CopyOnWriteArrayList<>();

    private FakeOrchestrator(HttpServer server) {
        this.server = server;
    }

    public static FakeOrchestrator start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FakeOrchestrator fake = new FakeOrchestrator(server);
            server.createContext("/internal/v1/batches", fake::handle);
            // a thread per request: an export being streamed must not hold up the other reads
            server.setExecutor(Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "fake-orchestrator");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public BatchView put(UUID id, String owner, long total) {
        BatchView view = new BatchView(id, "batch " + id, owner, BatchStatus.RUNNING, null, "simulated",
                EventJson.mapper().createObjectNode(), BatchOptions.defaults(), total, total, 0, 0, 0, 0,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:01Z"), null, null, null);
        batches.put(id, view);
        return view;
    }

    public BatchView put(BatchView view) {
        batches.put(view.id(), view);
        return view;
    }

    /** Reads of this batch fail with 500, as an orchestrator in trouble would answer. */
    public void breakBatch(UUID id) {
        broken.add(id);
    }

    public List<String> listQueries() {
        return listQueries;
    }

    /** A batch of this owner and name. */
    public BatchView put(UUID id, String owner, String name) {
        BatchView view = put(id, owner, 1);
        return put(new BatchView(id, name, owner, view.status(), null, view.processor(), view.config(),
                view.options(), 1, 1, 0, 0, 0, 0, view.createdAt(), view.startedAt(), null, null, null));
    }

    /** The query strings of the item pages asked for (decoded). */
    public List<String> itemQueries() {
        return itemQueries;
    }

    /** What the failures report of this batch answers (an empty report when not set). */
    public void putFailures(FailuresView view) {
        failures.put(view.batchId(), view);
    }

    /** What the callbacks report of this batch answers (no callbacks when not set); a resend answers it too. */
    public void putCallbacks(CallbacksView view) {
        callbacks.put(view.batchId(), view);
    }

    /** The deliveries a resend was asked for, in order. */
    public List<UUID> resent() {
        return resent;
    }

    /** What the results export of this batch answers, whatever the format. */
    public void putResults(UUID id, String body) {
        results.put(id, body);
    }

    /**
     * An export that never ends: numbered lines, flushed as they are written, until writing fails
     * because the reader went away; then the batch is in {@link #abandonedResults()}.
     */
    public void putEndlessResults(UUID id) {
        endlessResults.add(id);
    }

    /** An export that sends this many lines and then drops the connection, as a crashing orchestrator would. */
    public void putBrokenResults(UUID id, int lines) {
        brokenResults.put(id, lines);
    }

    /** The query strings of the results exports asked for. */
    public List<String> resultQueries() {
        return resultQueries;
    }

    public Set<UUID> abandonedResults() {
        return abandonedResults;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String[] parts = path.substring("/internal/v1/batches".length()).split("/");
        try {
            if (parts.length <= 1) {
                listQueries.add(String.valueOf(exchange.getRequestURI().getQuery()));
                List<BatchView> all = batches.values().stream()
                        .sorted(Comparator.comparing(BatchView::createdAt).reversed()).toList();
                respond(exchange, 200, new PageView<>(all, 0, 20, all.size(), 1));
                return;
            }
            UUID id = UUID.fromString(parts[1]);
            BatchView view = batches.get(id);
            if (broken.contains(id)) {
                respond(exchange, 500, Map.of("error", "database down"));
            } else if (view == null) {
                respond(exchange, 404, Map.of("error", "not found"));
            } else if (parts.length == 2) {
                respond(exchange, 200, view);
            } else if (parts[2].equals("results")) {
                results(exchange, id);
            } else if (parts[2].equals("callbacks")) {
                callbacks(exchange, id, parts);
            } else if (parts[2].equals("failures")) {
                respond(exchange, 200, failures.getOrDefault(id, new FailuresView(id, 0, List.of())));
            } else {
                itemQueries.add(String.valueOf(exchange.getRequestURI().getQuery()));
                respond(exchange, 200, new PageView<ItemView>(List.of(), 0, 20, 0, 0));
            }
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, Map.of("error", e.getMessage()));
        }
    }

    private void callbacks(HttpExchange exchange, UUID id, String[] parts) throws IOException {
        CallbacksView view = callbacks.getOrDefault(id, new CallbacksView(id, List.of()));
        if (parts.length == 3) {
            respond(exchange, 200, view);
            return;
        }
        UUID deliveryId = UUID.fromString(parts[3]);
        boolean known = view.callbacks().stream().flatMap(target -> target.deliveries().stream())
                .anyMatch(delivery -> delivery.id().equals(deliveryId));
        if (!"POST".equals(exchange.getRequestMethod()) || !known) {
            respond(exchange, 404, Map.of("error", "not found"));
            return;
        }
        resent.add(deliveryId);
        respond(exchange, 200, view);
    }

    private void results(HttpExchange exchange, UUID id) throws IOException {
        resultQueries.add(String.valueOf(exchange.getRequestURI().getQuery()));
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        if (!endlessResults.contains(id) && !brokenResults.containsKey(id)) {
            byte[] bytes = results.getOrDefault(id, "").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
            return;
        }
        exchange.sendResponseHeaders(200, 0);
        if (brokenResults.containsKey(id)) {
            var out = exchange.getResponseBody();
            for (int line = 0; line < brokenResults.get(id); line++) {
                out.write(("{\"index\":" + line + "}\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            // the JDK server closes the connection of a handler that throws, without the last chunk
            throw new IOException("orchestrator crashed mid-export");
        }
        try (var out = exchange.getResponseBody()) {
            for (long line = 0; ; line++) {
                out.write(("{\"index\":" + line + ",\"label\":\"endless\"}\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            abandonedResults.add(id);
        }
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = EventJson.mapper().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
