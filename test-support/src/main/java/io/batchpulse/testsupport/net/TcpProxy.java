package io.batchpulse.testsupport.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fault-injecting TCP proxy on loopback, for network faults (F7) without root or a network
 * namespace: a client pointed at {@link #port()} reaches the target through it, and the test
 * decides what the link does. {@link #cut()} closes every connection and resets new ones (a peer
 * gone, the fast failure); {@link #stall()} keeps every socket open and moves no byte either way
 * (a partition as TCP sees it: nothing arrives, nothing is reset, only timeouts notice);
 * {@link #stall(Direction)} does it one way only (an asymmetric partition: requests arrive, their
 * replies do not); {@link #delay} holds each chunk back for a while; {@link #heal()} ends all of it.
 * What was held during a stall is delivered after the heal, as TCP retransmits once a partition ends.
 */
public final class TcpProxy implements AutoCloseable {

    private final String name;
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final LinkState state = new LinkState();

    private TcpProxy(String name, InetSocketAddress target) throws IOException {
        this.name = name;
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "proxy-" + name + "-accept");
        acceptor.setDaemon(true);
    }

    /** Starts a proxy to {@code host:port} on a free loopback port. */
    public static TcpProxy start(String name, String host, int port) {
        try {
            TcpProxy proxy = new TcpProxy(name, new InetSocketAddress(host, port));
            proxy.acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start proxy " + name, e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, the address clients use instead of the target's. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** The port it forwards to. */
    public int targetPort() {
        return target.getPort();
    }

    public String name() {
        return name;
    }

    /** Connections open through the proxy now. */
    public int openConnections() {
        return connections.size();
    }

    /** Closes every open connection and resets every new one until {@link #heal()}. */
    public void cut() {
        state.cut();
        connections.forEach(ProxiedConnection::close);
    }

    /** Stops every byte both ways on open and new connections, closing none, until {@link #heal()}. */
    public void stall() {
        state.stall(Direction.TO_TARGET);
        state.stall(Direction.FROM_TARGET);
    }

    /** Stops every byte one way on open and new connections, until {@link #heal()}; the other way flows. */
    public void stall(Direction direction) {
        state.stall(direction);
    }

    /** Holds every chunk read from now on for {@code latency} before it is passed on. */
    public void delay(Duration latency) {
        state.delay(latency);
    }

    /** Back to a plain link: no cut, no stall, no delay. */
    public void heal() {
        state.heal();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing only
        }
        state.heal();
        connections.forEach(ProxiedConnection::close);
    }

    @Override
    public String toString() {
        return "proxy " + name + " " + address() + " -> " + target;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            if (state.isCut()) {
                reset(client);
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(target, 5_000);
                ProxiedConnection connection = new ProxiedConnection(name, client, upstream, state, connections::remove);
                connections.add(connection);
                connection.start();
                if (state.isCut()) {
                    // cut while it was connecting, after cut() closed the others
                    connection.close();
                }
            } catch (IOException unreachable) {
                // the target is down: the client sees what it would see without the proxy
                reset(client);
            }
        }
    }

    private static void reset(Socket socket) {
        try (socket) {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // it is gone either way
        }
    }
}
