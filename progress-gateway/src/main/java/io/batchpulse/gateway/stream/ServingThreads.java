package io.batchpulse.gateway.stream;

import java.util.Map;
import java.util.Set;
import javax.management.ObjectName;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Part of the liveness probe: DOWN when a thread this instance cannot serve without has died,
 * Tomcat's acceptor (no new connection would ever be accepted) or the live feed's consumer (no
 * viewer would get another event). Either can die of an error the JVM survives, such as an
 * OutOfMemoryError; the process then looks up while it serves nobody, and only a restart helps.
 */
@Component("servingThreads")
class ServingThreads implements HealthIndicator, ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(ServingThreads.class);

    // a thread that is not there yet (null) is starting, not dead
    private final Map<String, Supplier<Thread>> watched = new ConcurrentHashMap<>();

    ServingThreads() {
    }

    @Autowired
    ServingThreads(FeedHub feed) {
        watch("feedConsumer", feed::thread);
    }

    void watch(String name, Supplier<Thread> thread) {
        watched.put(name, thread);
    }

    /**
     * Tomcat names a connector's acceptor thread after its protocol handler as it was when the
     * connector started: {@code http-nio-8080-Acceptor}, or on a random port
     * {@code http-nio-auto-1-Acceptor}, which the handler's name then follows with the port.
     */
    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null
                || !(event.getWebServer() instanceof TomcatWebServer tomcat)) {
            return;
        }
        for (Connector connector : tomcat.getTomcat().getService().findConnectors()) {
            if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                String name = ObjectName.unquote(protocol.getName());
                Set<String> names = Set.of(name + "-Acceptor",
                        name.replaceFirst("-" + connector.getLocalPort() + "$", "") + "-Acceptor");
                Thread acceptor = Thread.getAllStackTraces().keySet().stream()
                        .filter(thread -> names.contains(thread.getName())).findFirst().orElse(null);
                if (acceptor == null) {
                    log.warn("No Tomcat acceptor thread named {}; liveness cannot watch it", names);
                } else {
                    watch("acceptor", () -> acceptor);
                }
            }
        }
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        watched.forEach((name, supplier) -> {
            Thread thread = supplier.get();
            boolean dead = thread != null && !thread.isAlive();
            health.withDetail(name, thread == null ? "starting" : dead ? "dead" : "alive");
            if (dead) {
                health.down();
            }
        });
        return health.build();
    }
}
