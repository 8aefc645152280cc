package io.batchpulse.gateway.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import io.batchpulse.gateway.support.FakeOrchestrator;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.client.RestClient;

/** Several orchestrator instances behind one client: a stopped one is skipped, not a failure. */
class OrchestratorClientTests {

    private final FakeOrchestrator orchestrator = FakeOrchestrator.start();

    @Test
    void aReadGoesToTheNextInstanceWhileOneRefusesConnections() throws IOException {
        UUID id = UUID.randomUUID();
        orchestrator.put(id, "alice", 7);
        OrchestratorClient client = client(stoppedInstance() + "," + orchestrator.url());

        assertThat(client.findBatch(id)).hasValueSatisfying(batch -> assertThat(batch.totalItems()).isEqualTo(7));
        // the instance that answered is asked first from now on, and answers again
        assertThat(client.findBatch(id)).isPresent();
        assertThat(client.findBatch(UUID.randomUUID())).isEmpty();
    }

    @Test
    void everyInstanceRefusingMakesTheReadUnavailable() throws IOException {
        OrchestratorClient client = client(stoppedInstance() + "," + stoppedInstance());

        assertThatThrownBy(() -> client.findBatch(UUID.randomUUID())).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    private static OrchestratorClient client(String urls) {
        GatewayProperties properties = new Binder(new MapConfigurationPropertySource(
                Map.of("gateway.orchestrator.urls", urls))).bindOrCreate("gateway", GatewayProperties.class);
        return new OrchestratorClient(RestClient.builder(), properties);
    }

    /** An address where nothing listens any more. */
    private static String stoppedInstance() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
