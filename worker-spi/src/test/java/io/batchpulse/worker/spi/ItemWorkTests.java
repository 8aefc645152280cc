package io.batchpulse.worker.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class ItemWorkTests {

    enum Mode { FAST, THOROUGH }

    record Config(String model, int retries, Duration timeout, Mode mode) {
    }

    @Test
    void configBindsToTheProcessorsOwnTypeIgnoringWhatItDoesNotKnow() {
        ObjectNode config = JsonNodeFactory.instance.objectNode().put("model", "small").put("retries", 2)
                .put("timeout", "PT30S").put("mode", "exhaustive").put("addedLater", true);

        Config bound = work(config, 1, 3).configAs(Config.class);

        assertThat(bound).isEqualTo(new Config("small", 2, Duration.ofSeconds(30), null));
    }

    @Test
    void configThatDoesNotFitFailsTheItemPermanentlyWithInvalidConfig() {
        ObjectNode config = JsonNodeFactory.instance.objectNode().put("retries", "twice");

        assertThatThrownBy(() -> work(config, 1, 3).configAs(Config.class))
                .isInstanceOfSatisfying(ItemProcessingException.class, failure -> {
                    assertThat(failure.code()).isEqualTo(ItemErrorCodes.INVALID_CONFIG);
                    assertThat(failure.retryable()).isFalse();
                    assertThat(failure.getMessage()).startsWith("Invalid processor config: ");
                });
    }

    @Test
    void missingPartsTakeHarmlessDefaults() {
        ItemWork work = new ItemWork(UUID.randomUUID(), UUID.randomUUID(), 0, 3, 3, null, null, null, null, null);

        assertThat(work.payload().isNull()).isTrue();
        assertThat(work.config().isObject()).isTrue();
        assertThat(work.configAs(Config.class)).isEqualTo(new Config(null, 0, null, null));
        assertThat(work.lastAttempt()).isTrue();
        work.reportProgress(50.0, "no reporter: nothing happens");
    }

    @Test
    void failuresCarryTheirCodeDetailsAndRetryability() {
        ItemProcessingException permanent = ItemProcessingException.permanent("VALIDATION_FAILED", "bad", "a", "b");
        ItemProcessingException retryable = ItemProcessingException.retryable("UPSTREAM_TIMEOUT", "slow");

        assertThat(permanent.retryable()).isFalse();
        assertThat(permanent.details()).containsExactly("a", "b");
        assertThat(retryable.retryable()).isTrue();
        assertThat(retryable.details()).isEmpty();
    }

    private static ItemWork work(ObjectNode config, int attempt, int maxAttempts) {
        return new ItemWork(UUID.randomUUID(), UUID.randomUUID(), 7, attempt, maxAttempts, "item 7",
                JsonNodeFactory.instance.objectNode(), config, Duration.ofMinutes(5), null);
    }
}
