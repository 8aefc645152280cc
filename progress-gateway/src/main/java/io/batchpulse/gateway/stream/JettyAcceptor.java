package io.batchpulse.gateway.stream;

import io.batchpulse.gateway.stream.ServingThreads.ThreadState;
import java.util.function.Supplier;
import org.eclipse.jetty.server.AbstractConnector;

/**
 * One accept loop of a Jetty connector, as the liveness probe sees it. Jetty runs the loop on a
 * thread of its pool and names that thread {@code <pool thread>-acceptor-<n>@<hash>-<connector>}
 * while the loop runs; when the loop ends (the connector stopped, or an error it did not survive)
 * the thread gets its old name back and returns to the pool, alive. So the loop is alive while the
 * thread that took the name still carries it. The loop starts on a pool thread shortly after the
 * server reports that it started: until then it is starting, not dead.
 */
final class JettyAcceptor implements Supplier<ThreadState> {

    private final String marker;
    private final String connector;
    private volatile Thread thread;
    private volatile String name;

    JettyAcceptor(AbstractConnector connector, int acceptor) {
        this.marker = "-acceptor-" + acceptor + "@";
        this.connector = "-" + connector;
    }

    @Override
    public ThreadState get() {
        Thread found = thread;
        if (found == null) {
            found = find();
            if (found == null) {
                return ThreadState.STARTING;
            }
        }
        return found.isAlive() && found.getName().equals(name) ? ThreadState.ALIVE : ThreadState.DEAD;
    }

    /** Looked up once: listing every thread of the JVM is not for every probe. */
    private synchronized Thread find() {
        if (thread == null) {
            for (Thread candidate : Thread.getAllStackTraces().keySet()) {
                String candidateName = candidate.getName();
                if (candidateName.contains(marker) && candidateName.endsWith(connector)) {
                    name = candidateName;
                    thread = candidate;
                }
            }
        }
        return thread;
    }
}
