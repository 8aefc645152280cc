package io.batchpulse.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.model.BatchOptions;
import io.batchpulse.events.model.BatchStatus;
import io.batchpulse.events.query.BatchView;
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

    private FakeOrchestrator(HttpServer server) {
        this.server = server;
    }

    public static FakeOrchestrator start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            FakeOrchestrator fake = new FakeOrchestrator(server);
            server.createContext("/internal/v1/batches", fake::handle);
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
            } else {
                respond(exchange, 200, new PageView<ItemView>(List.of(), 0, 20, 0, 0));
            }
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, Map.of("error", e.getMessage()));
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
