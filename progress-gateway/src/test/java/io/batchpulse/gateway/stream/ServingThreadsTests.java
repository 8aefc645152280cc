package io.batchpulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class ServingThreadsTests {

    @Test
    void isUpWhileTheWatchedThreadRunsAndDownOnceItHasDied() throws InterruptedException {
        CountDownLatch finish = new CountDownLatch(1);
        Thread feed = new Thread(() -> {
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-feed");
        ServingThreads threads = new ServingThreads();
        threads.watch("feedConsumer", () -> feed);
        feed.start();

        assertThat(threads.health().getStatus()).isEqualTo(Status.UP);

        finish.countDown();
        feed.join(30_000);
        assertThat(feed.isAlive()).isFalse();
        Health health = threads.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("feedConsumer", "dead");
    }

    @Test
    void aThreadNotStartedYetIsNotDead() {
        ServingThreads threads = new ServingThreads();
        threads.watch("feedConsumer", () -> null);

        assertThat(threads.health().getStatus()).isEqualTo(Status.UP);
        assertThat(threads.health().getDetails()).containsEntry("feedConsumer", "starting");
    }
}
