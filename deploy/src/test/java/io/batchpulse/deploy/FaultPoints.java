package io.batchpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The orchestrators' fault points (their {@code /actuator/faultpoints}, on in the fault cluster):
 * an armed point halts its orchestrator, as kill -9 would, when the code reaches it.
 */
final class FaultPoints {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FaultPoints() {
    }

    static void arm(LocalCluster cluster, ChildProcess orchestrator, String point) {
        call(cluster, orchestrator, point, "POST");
    }

    /** Disarms the point of a running orchestrator; one that is not running has nothing armed. */
    static void disarm(LocalCluster cluster, ChildProcess orchestrator, String point) {
        if (orchestrator.isAlive()) {
            try {
                call(cluster, orchestrator, point, "DELETE");
            } catch (IllegalStateException haltedMeanwhile) {
                // it reached the point while asked: its sockets close before the process is gone
                try {
                    await(orchestrator.name() + " gone after its fault point halted it").atMost(Duration.ofSeconds(15))
                            .until(() -> !orchestrator.isAlive());
                } catch (ConditionTimeoutException stillAlive) {
                    haltedMeanwhile.addSuppressed(stillAlive);
                    throw haltedMeanwhile;
                }
            }
        }
    }

    private static void call(LocalCluster cluster, ChildProcess orchestrator, String point, String method) {
        URI uri = cluster.url(orchestrator).resolve("/actuator/faultpoints/" + point);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("%s %s: %s", method, uri, response.body()).isEqualTo(200);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
