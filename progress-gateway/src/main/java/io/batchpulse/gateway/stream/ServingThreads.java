package io.batchpulse.gateway.stream;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Part of the liveness probe: DOWN when a thread this instance cannot serve without has died,
 * the server's acceptor (no new connection would ever be accepted) or the live feed's consumer (no
 * viewer would get another event). Either can die of an error the JVM survives, such as an
 * OutOfMemoryError; the process then looks up while it serves nobody, and only a restart helps.
 */
@Component("servingThreads")
class ServingThreads implements HealthIndicator, ApplicationListener<WebServerInitializedEvent> {

    /** What the probe sees of one watched thread. */
    enum ThreadState {
        STARTING, ALIVE, DEAD
    }

    private final Map<String, Supplier<ThreadState>> watched = new ConcurrentHashMap<>();

    ServingThreads() {
    }

    @Autowired
    ServingThreads(FeedHub feed) {
        watch("feedConsumer", feed::thread);
    }

    /** A thread that is not there yet (null) is starting, not dead. */
    void watch(String name, Supplier<Thread> thread) {
        watchState(name, () -> {
            Thread current = thread.get();
            return current == null ? ThreadState.STARTING : current.isAlive() ? ThreadState.ALIVE : ThreadState.DEAD;
        });
    }

    void watchState(String name, Supplier<ThreadState> state) {
        watched.put(name, state);
    }

    /** The main server's accept loops (a separate management server has its own namespace). */
    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null
                || !(event.getWebServer() instanceof JettyWebServer jetty)) {
            return;
        }
        int watchedAcceptors = 0;
        for (Connector connector : jetty.getServer().getConnectors()) {
            if (connector instanceof AbstractConnector accepting) {
                for (int acceptor = 0; acceptor < accepting.getAcceptors(); acceptor++) {
                    watchState(watchedAcceptors == 0 ? "acceptor" : "acceptor-" + watchedAcceptors,
                            new JettyAcceptor(accepting, acceptor));
                    watchedAcceptors++;
                }
            }
        }
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        watched.forEach((name, supplier) -> {
            ThreadState state = supplier.get();
            health.withDetail(name, state.name().toLowerCase(Locale.ROOT));
            if (state == ThreadState.DEAD) {
                health.down();
            }
        });
        return health.build();
    }
}
