package io.batchpulse.gateway.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.batchpulse.events.SchemaVersion;
import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RejectionsTests {

    @ParameterizedTest
    @CsvSource({
            "VALIDATION_FAILED, 400",
            "FORBIDDEN, 403",
            "NOT_FOUND, 404",
            "INVALID_TRANSITION, 409",
            "SOMETHING_NEW, 400"})
    void rejectionCodesMapToStatuses(String code, int status) {
        ApiException failure = Rejections.toApiException(rejected(code, null));

        assertThat(failure.code().status().value()).isEqualTo(status);
    }

    @Test
    void invalidTransitionCarriesTheCurrentStatus() {
        ApiException failure = Rejections.toApiException(rejected("INVALID_TRANSITION", "completed"));

        assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_TRANSITION);
        assertThat(failure.getMessage()).isEqualTo("nope");
        assertThat(failure.details()).containsExactly("currentStatus: completed");
    }

    private static CommandRejected rejected(String code, String currentStatus) {
        return new CommandRejected(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), SchemaVersion.CURRENT,
                UUID.randomUUID(), "pause", code, "nope", currentStatus, List.of());
    }
}
