package io.batchpulse.orchestrator.api;

import java.util.List;

/** Error body of the internal API, with the same codes as the public one. */
record ApiError(String code, String message, List<String> details) {
}
