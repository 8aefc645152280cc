package io.batchpulse.gateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.json.EventJson;
import io.batchpulse.events.url.TargetPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProcessorConfigRulesTests {

    private static final TargetPolicy DEFAULT = TargetPolicy.allowing(List.of());

    @Test
    void anHttpUrlNamingAnInternalAddressIsRefusedNamingConfigUrl() {
        assertThat(ProcessorConfigRules.check("http", url("http://0177.0.0.1:8081/api"), DEFAULT)).containsExactly(
                "config.url: 0177.0.0.1 (127.0.0.1) is a loopback address; workers call only public addresses "
                        + "unless their allow-list names the target");
        assertThat(ProcessorConfigRules.check("http", url("https://user@[::1]/"), DEFAULT))
                .singleElement().asString().startsWith("config.url: [::1] ");
    }

    @Test
    void dnsNamesAndPublicAddressesAreLeftToTheWorkers() {
        for (String url : List.of("https://api.example.com/generate", "http://93.184.216.34/", "http://internal.corp/")) {
            assertThat(ProcessorConfigRules.check("http", url(url), DEFAULT)).as(url).isEmpty();
        }
    }

    @Test
    void theGatewaysAllowListPermitsWhatTheWorkersDo() {
        TargetPolicy allowing = TargetPolicy.allowing(List.of("10.1.0.0/16", "localhost"));

        assertThat(ProcessorConfigRules.check("http", url("http://10.1.4.5:9000/"), allowing)).isEmpty();
        assertThat(ProcessorConfigRules.check("http", url("http://localhost:9000/"), allowing)).isEmpty();
        assertThat(ProcessorConfigRules.check("http", url("http://10.2.4.5:9000/"), allowing)).hasSize(1);
    }

    @Test
    void aSimulatedSlowTailOutOfRangeIsRefusedNamingEachField() {
        JsonNode config = EventJson.mapper().createObjectNode().put("slowRate", 1.5).put("slowLatencyMs", -1);

        assertThat(ProcessorConfigRules.check("simulated", config, DEFAULT)).containsExactlyInAnyOrder(
                "config.slowRate: must be a number between 0 and 1",
                "config.slowLatencyMs: must be a number between 0 and 3600000");
    }

    private static JsonNode url(String url) {
        return EventJson.mapper().createObjectNode().put("url", url);
    }
}
