package io.batchpulse.gateway.command;

import io.batchpulse.events.batch.CommandRejected;
import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/** Turns the orchestrator's refusal of a command into the API's error for the caller. */
public final class Rejections {

    private Rejections() {
    }

    public static ApiException toApiException(CommandRejected rejected) {
        ErrorCode code = ErrorCode.fromWire(rejected.code()).orElse(ErrorCode.VALIDATION_FAILED);
        List<String> details = new ArrayList<>(rejected.details() == null ? List.of() : rejected.details());
        if (rejected.currentStatus() != null) {
            details.add("currentStatus: " + rejected.currentStatus());
        }
        if (ErrorCode.fromWire(rejected.code()).isEmpty()) {
            details.add("code: " + rejected.code());
        }
        String message = rejected.message() == null || rejected.message().isBlank()
                ? "The " + rejected.commandType() + " command was refused"
                : rejected.message();
        return new ApiException(code, message, details);
    }
}
