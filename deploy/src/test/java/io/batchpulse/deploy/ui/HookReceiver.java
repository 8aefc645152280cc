package io.batchpulse.deploy.ui;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A team's callback receiver on a free loopback port: answers 500 to its first {@code failFirst} requests, then 200. */
final class HookReceiver implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger failuresLeft;
    private final List<String> deliveryIds = new CopyOnWriteArrayList<>();

    HookReceiver(int failFirst) {
        failuresLeft = new AtomicInteger(failFirst);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            deliveryIds.add(exchange.getRequestHeaders().getFirst("Batchpulse-Delivery"));
            exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 500 : 200, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The Batchpulse-Delivery header of every request, in arrival order. */
    List<String> deliveryIds() {
        return List.copyOf(deliveryIds);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
