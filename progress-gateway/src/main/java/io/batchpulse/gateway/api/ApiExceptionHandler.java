package io.batchpulse.gateway.api;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;

/** The one mapping from exceptions to the error envelope. */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiResponse<Void>> refused(ApiException failure) {
        return answer(failure);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiResponse<Void>> unreadable(HttpMessageNotReadableException failure) {
        PayloadTooLargeException tooLarge = causeOf(failure, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return answer(new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, tooLarge.getMessage()));
        }
        JacksonException json = causeOf(failure, JacksonException.class);
        String detail = json == null ? "body: is missing or not JSON"
                : JsonPaths.of(json) + ": " + json.getOriginalMessage();
        return answer(new ApiException(ErrorCode.VALIDATION_FAILED, "The request body is not valid JSON for this request",
                List.of(detail)));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiResponse<Void>> mistyped(MethodArgumentTypeMismatchException failure) {
        String expected = failure.getRequiredType() == null ? "value" : failure.getRequiredType().getSimpleName();
        return answer(ApiException.validation(List.of(failure.getName() + ": must be a valid " + expected)));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiResponse<Void>> missingParameter(MissingServletRequestParameterException failure) {
        return answer(ApiException.validation(List.of(failure.getParameterName() + ": is required")));
    }

    /** A stream's client went away: there is nobody to answer. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void disconnected(AsyncRequestNotUsableException failure) {
        log.debug("Client disconnected: {}", failure.getMessage());
    }

    /** Spring's own web exceptions (unknown path, wrong method or media type) keep their status. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiResponse<Void>> unexpected(Exception failure, HttpServletResponse response) throws Exception {
        if (response.isCommitted()) {
            // A download already under way: JSON after its bytes would pass for the file's end.
            // Rethrown, it makes the servlet container cut the connection, so the client sees the break.
            throw failure;
        }
        if (failure instanceof ErrorResponse web) {
            return web(web.getStatusCode(), failure.getMessage());
        }
        log.error("Unexpected failure while handling a request", failure);
        return answer(new ApiException(ErrorCode.INTERNAL_ERROR, "Something went wrong on our side"));
    }

    private static ResponseEntity<ApiResponse<Void>> web(HttpStatusCode status, String message) {
        ErrorCode code = switch (status.value()) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406, 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status.is4xxClientError() ? ErrorCode.VALIDATION_FAILED : ErrorCode.INTERNAL_ERROR;
        };
        String text = code == ErrorCode.NOT_FOUND ? "No such resource" : message;
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ApiResponse.failure(new ApiError(code.name(), text, List.of())));
    }

    private static ResponseEntity<ApiResponse<Void>> answer(ApiException failure) {
        HttpStatus status = failure.code().status();
        // preset, so an SSE client (Accept: text/event-stream) still gets the JSON envelope, not a 406
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> failure.headers().forEach(headers::set))
                .body(ApiResponse.failure(failure.toError()));
    }

    private static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
