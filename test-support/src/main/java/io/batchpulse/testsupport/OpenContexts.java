package io.batchpulse.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ApplicationContextEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * The Spring application contexts of this test JVM that are still open: every context a
 * SpringApplication builds (each cached {@code @SpringBootTest} context, and those a test starts
 * itself) reports here through META-INF/spring.factories. {@link TestInfrastructure#stop()}
 * closes them before the broker and the database, so that their clients still have both to say
 * goodbye to.
 */
public final class OpenContexts implements ApplicationListener<ApplicationContextEvent> {

    private static final Set<ConfigurableApplicationContext> OPEN = new LinkedHashSet<>();

    @Override
    public void onApplicationEvent(ApplicationContextEvent event) {
        if (!(event.getApplicationContext() instanceof ConfigurableApplicationContext context)) {
            return;
        }
        synchronized (OPEN) {
            if (event instanceof ContextRefreshedEvent) {
                OPEN.add(context);
            } else if (event instanceof ContextClosedEvent) {
                OPEN.remove(context);
            }
        }
    }

    /**
     * Closes every context still open, the newest first (a child before its parent). A context
     * another thread is closing already (Spring Boot's shutdown hook) is waited for: close() holds
     * the context's shutdown monitor.
     */
    static void closeAll() {
        List<ConfigurableApplicationContext> open;
        synchronized (OPEN) {
            open = new ArrayList<>(OPEN);
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }
}
