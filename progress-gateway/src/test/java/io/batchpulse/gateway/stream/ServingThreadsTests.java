package io.batchpulse.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.gateway.stream.ServingThreads.ThreadState;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
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

    /** A real Jetty server: its accept loop ends when its connector stops, as after an error it did not survive. */
    @Test
    void aJettyAcceptorIsDeadOnceItsAcceptLoopHasEnded() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setPort(0);
        server.addConnector(connector);
        server.start();
        try {
            ServingThreads threads = new ServingThreads();
            threads.watchState("acceptor", new JettyAcceptor(connector, 0));
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> "alive".equals(threads.health().getDetails().get("acceptor")));
            assertThat(threads.health().getStatus()).isEqualTo(Status.UP);

            connector.stop();

            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> "dead".equals(threads.health().getDetails().get("acceptor")));
            assertThat(threads.health().getStatus()).isEqualTo(Status.DOWN);
        } finally {
            server.stop();
        }
    }

    @Test
    void anAcceptorNotRunningYetIsStarting() {
        ServerConnector connector = new ServerConnector(new Server(), 1, 1);

        assertThat(new JettyAcceptor(connector, 0).get()).isEqualTo(ThreadState.STARTING);
    }
}
