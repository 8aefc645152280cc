package io.batchpulse.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.gateway.support.Api;
import io.batchpulse.gateway.support.CommandsProbe;
import io.batchpulse.gateway.support.GatewayIntegrationTest;
import io.batchpulse.gateway.support.Requests;
import io.batchpulse.gateway.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Bad input gets a clear error and changes nothing: not one record reaches batch-commands. */
class BadInputIntegrationTests extends GatewayIntegrationTest {

    @Test
    void malformedJsonIsRejected() {
        Api.Response answer = expectNothingWritten(() -> create("{\"processor\": \"simulated\", \"items\": [}"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(answer.json().get("data").isNull()).isTrue();
    }

    /** RELIABILITY.md, bad inputs: JSON nested far deeper than any payload is refused before it is bound. */
    @Test
    void deeplyNestedJsonIsRejected() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        Api.Response answer = expectNothingWritten(() -> create("{\"processor\":\"simulated\",\"items\":[{\"label\":\"x\","
                + "\"payload\":{\"deep\":" + deep + "}}]}"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void wronglyTypedFieldNamesItsPath() {
        ObjectNode body = Requests.simulated(1);
        body.withObject("options").put("itemTimeout", "five minutes");

        Api.Response answer = expectNothingWritten(() -> create(Requests.json(body)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(details(answer)).singleElement().asString().startsWith("options.itemTimeout: ");
    }

    @Test
    void emptyItemsAreRejected() {
        ObjectNode body = Requests.simulated(0);

        Api.Response answer = expectNothingWritten(() -> create(Requests.json(body)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(details(answer)).containsExactly("items: must contain between 1 and 10000 items");
    }

    @Test
    void tooManyItemsAreRejected() {
        ObjectNode body = Requests.simulated(10_001);

        Api.Response answer = expectNothingWritten(() -> create(Requests.json(body)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(details(answer)).containsExactly("items: must contain between 1 and 10000 items");
    }

    @Test
    void unknownProcessorIsRejected() {
        ObjectNode body = Requests.simulated(1).put("processor", "nope");

        Api.Response answer = expectNothingWritten(() -> create(Requests.json(body)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(details(answer)).containsExactly("processor: unknown processor 'nope' (known: simulated, http)");
    }

    @Test
    void absurdOptionsAreRejected() {
        ObjectNode body = Requests.simulated(1);
        body.withObject("options").put("maxInFlight", 0).put("maxAttempts", 1000);
        body.withObject("config").put("failureRate", 1.5);

        Api.Response answer = expectNothingWritten(() -> create(Requests.json(body)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(details(answer)).containsExactly(
                "config.failureRate: must be a number between 0 and 1",
                "options.maxAttempts: must be less than or equal to 100",
                "options.maxInFlight: must be greater than or equal to 1");
    }

    @Test
    void httpProcessorNeedsAnHttpUrl() {
        ObjectNode body = Requests.simulated(1).put("processor", "http");
        body.putObject("config").put("url", "ftp://example.com/generate");
        body.withArray("items").addObject().put("label", "x".repeat(501)).putObject("payload");

        Api.Response answer = expectNothingWritten(() -> create(Requests.json(body)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(details(answer)).containsExactly(
                "config.url: must be an absolute http or https URL",
                "items[1].label: size must be between 0 and 500");
    }

    /** Server-side request forgery: what the workers would refuse is refused at create time already. */
    @Test
    void httpUrlNamingAnInternalAddressIsRefused() {
        for (String host : List.of("127.0.0.1", "[::1]", "localhost", "10.1.2.3", "169.254.169.254", "2130706433",
                "0177.0.0.1", "0x7f.0.0.1", "[::ffff:127.0.0.1]", "0.0.0.0")) {
            ObjectNode body = Requests.simulated(1).put("processor", "http");
            body.putObject("config").put("url", "http://" + host + ":8081/api/v1/batches");

            Api.Response answer = expectNothingWritten(() -> create(Requests.json(body)));

            assertThat(answer.status()).as(host).isEqualTo(400);
            assertThat(answer.errorCode()).as(host).isEqualTo("VALIDATION_FAILED");
            assertThat(details(answer)).as(host).singleElement().asString().startsWith("config.url: ");
        }
    }

    @Test
    void malformedCallbacksAreRejectedWithEveryProblemNamed() {
        ObjectNode body = Requests.simulated(1);
        ArrayNode callbacks = body.putArray("callbacks");
        callbacks.addObject().put("url", "ftp://hooks.example.com/x").put("secret", "short")
                .putArray("events").add("completed");
        callbacks.addObject().put("url", "https://hooks.example.com/y").putArray("events");

        Api.Response answer = expectNothingWritten(() -> create(Requests.json(body)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(details(answer)).containsExactly(
                "callbacks[0].secret: size must be between 8 and 200",
                "callbacks[0].url: must be an absolute http or https URL",
                "callbacks[1].events: must not be empty");
    }

    @Test
    void aCallbackUrlThatIsNoValidUriIsRejected() {
        ObjectNode body = Requests.simulated(1);
        body.putArray("callbacks").addObject().put("url", "https://hooks.example.com/a|b{c}").putArray("events")
                .add("completed");

        Api.Response answer = expectNothingWritten(() -> create(Requests.json(body)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(details(answer)).singleElement().asString().startsWith("callbacks[0].url: must be a URL with a host");
    }

    @Test
    void anUnknownCallbackEventIsRejected() {
        ObjectNode body = Requests.simulated(1);
        body.putArray("callbacks").addObject().put("url", "https://hooks.example.com/y").putArray("events")
                .add("finished");

        Api.Response answer = expectNothingWritten(() -> create(Requests.json(body)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(details(answer)).containsExactly(
                "callbacks[0].events[0]: must be one of completed, failed, cancelled, paused");
    }

    @Test
    void moreThanFiveCallbacksAreRejected() {
        ObjectNode body = Requests.simulated(1);
        ArrayNode callbacks = body.putArray("callbacks");
        for (int i = 0; i < 6; i++) {
            callbacks.addObject().put("url", "https://hooks.example.com/" + i).putArray("events").add("completed");
        }

        Api.Response answer = expectNothingWritten(() -> create(Requests.json(body)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(details(answer)).containsExactly("callbacks: size must be between 0 and 5");
    }

    /** The orchestrator would refuse to call these; the gateway refuses them before anything is written. */
    @Test
    void aCallbackToAnInternalAddressIsRefused() {
        for (String host : List.of("127.0.0.1", "[::1]", "localhost", "10.1.2.3", "169.254.169.254", "224.0.0.1")) {
            ObjectNode body = Requests.simulated(1);
            body.putArray("callbacks").addObject().put("url", "http://" + host + ":9000/hook").putArray("events")
                    .add("completed");

            Api.Response answer = expectNothingWritten(() -> create(Requests.json(body)));

            assertThat(answer.status()).as(host).isEqualTo(400);
            assertThat(details(answer)).as(host).singleElement().asString().startsWith("callbacks[0].url: ");
        }
    }

    @Test
    void oversizedBodyIs413() {
        String huge = Requests.json(Requests.simulated(1)).replace("\"item 0\"", "\"" + "x".repeat(1_100_000) + "\"");

        Api.Response declared = expectNothingWritten(() -> create(huge));
        Api.Response streamed = expectNothingWritten(
                () -> api.postChunked("/api/v1/batches", Tokens.user("alice"), huge.getBytes(StandardCharsets.UTF_8)));

        for (Api.Response answer : List.of(declared, streamed)) {
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
        }
    }

    private Api.Response create(String body) {
        return api.post("/api/v1/batches", Tokens.user("alice"), body);
    }

    /** Reads every write of the request, even aborted ones (read_uncommitted), up to a marker. */
    private Api.Response expectNothingWritten(Supplier<Api.Response> request) {
        try (CommandsProbe commands = watchCommands("read_uncommitted")) {
            Api.Response answer = request.get();
            commands.assertNothingWritten();
            return answer;
        }
    }

    private static List<String> details(Api.Response answer) {
        JsonNode details = answer.json().path("error").path("details");
        return details.valueStream().map(JsonNode::asString).toList();
    }
}
