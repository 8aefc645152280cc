package io.batchpulse.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;

class OpenContextsTests {

    private final List<String> closed = new CopyOnWriteArrayList<>();

    @Test
    void closesTheContextsStillOpenNewestFirstAndForgetsTheClosedOnes() {
        GenericApplicationContext first = context("first");
        GenericApplicationContext alreadyClosed = context("already-closed");
        GenericApplicationContext last = context("last");
        alreadyClosed.close();
        closed.clear();

        OpenContexts.closeAll();

        assertThat(closed).containsExactly("last", "first");
        assertThat(first.isActive()).isFalse();
        assertThat(last.isActive()).isFalse();
        OpenContexts.closeAll();
        assertThat(closed).as("nothing is closed twice").hasSize(2);
    }

    /** A context that reports to OpenContexts, as spring.factories makes every SpringApplication's do. */
    private GenericApplicationContext context(String name) {
        GenericApplicationContext context = new GenericApplicationContext();
        context.setDisplayName(name);
        context.addApplicationListener(new OpenContexts());
        context.addApplicationListener(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.add(name);
            }
        });
        context.refresh();
        return context;
    }
}
