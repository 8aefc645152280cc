package io.batchpulse.testsupport.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One client connection through a {@link TcpProxy}: per direction a reader that takes chunks off
 * one socket and a writer that passes them on once the {@link LinkState} lets them. Reading and
 * writing apart is what makes a delay a latency rather than a cap on throughput; the small queue
 * between them pushes back on the sender while the link is stalled.
 */
final class ProxiedConnection {

    private static final int CHUNK = 16 * 1024;
    private static final int QUEUED_CHUNKS = 16;
    private static final byte[] END = new byte[0];

    private record Chunk(byte[] bytes, long releaseAtNanos) {
    }

    private final String name;
    private final Socket client;
    private final Socket upstream;
    private final LinkState state;
    private final Consumer<ProxiedConnection> onClose;
    private final List<Thread> pumps = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private int halfClosed;

    ProxiedConnection(String name, Socket client, Socket upstream, LinkState state, Consumer<ProxiedConnection> onClose) {
        this.name = name;
        this.client = client;
        this.upstream = upstream;
        this.state = state;
        this.onClose = onClose;
    }

    void start() throws IOException {
        pipe(client.getInputStream(), upstream.getOutputStream(), upstream, Direction.TO_TARGET);
        pipe(upstream.getInputStream(), client.getOutputStream(), client, Direction.FROM_TARGET);
        pumps.forEach(Thread::start);
    }

    private void pipe(InputStream from, OutputStream to, Socket toSocket, Direction direction) {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
        String way = direction == Direction.TO_TARGET ? "up" : "down";
        pumps.add(pump(name + "-" + way + "-read", () -> read(from, queue)));
        pumps.add(pump(name + "-" + way + "-write", () -> write(queue, to, toSocket, direction)));
    }

    private Thread pump(String threadName, Runnable body) {
        Thread thread = new Thread(body, "proxy-" + threadName);
        thread.setDaemon(true);
        return thread;
    }

    private void read(InputStream from, BlockingQueue<Chunk> queue) {
        byte[] buffer = new byte[CHUNK];
        try {
            int read;
            while ((read = from.read(buffer)) >= 0) {
                queue.put(new Chunk(Arrays.copyOf(buffer, read), state.releaseAt(System.nanoTime())));
            }
            queue.put(new Chunk(END, state.releaseAt(System.nanoTime())));
        } catch (IOException | InterruptedException e) {
            close();
        }
    }

    private void write(BlockingQueue<Chunk> queue, OutputStream to, Socket toSocket, Direction direction) {
        try {
            while (true) {
                Chunk chunk = queue.take();
                state.awaitFlowing(direction, chunk.releaseAtNanos());
                if (chunk.bytes() == END) {
                    // the sender finished its side: pass the half-close on, the other way may go on
                    toSocket.shutdownOutput();
                    endedOneWay();
                    return;
                }
                to.write(chunk.bytes());
                to.flush();
            }
        } catch (IOException | InterruptedException e) {
            close();
        }
    }

    private synchronized void endedOneWay() {
        if (++halfClosed == 2) {
            close();
        }
    }

    /** Closes both sockets (each side sees the connection end) and stops the pumps. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(client);
        closeQuietly(upstream);
        pumps.stream().filter(pump -> pump != Thread.currentThread()).forEach(Thread::interrupt);
        onClose.accept(this);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing only
        }
    }
}
