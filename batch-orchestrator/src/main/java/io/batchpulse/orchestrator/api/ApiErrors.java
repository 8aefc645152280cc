package io.batchpulse.orchestrator.api;

import java.util.List;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** The internal API's one exception-to-response mapping. */
@RestControllerAdvice
class ApiErrors {

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ApiError> notFound(NotFoundException e) {
        return error(HttpStatus.NOT_FOUND, "NOT_FOUND", e.getMessage(), List.of());
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<ApiError> badRequest(BadRequestException e) {
        return error(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", e.getMessage(), List.of(e.getMessage()));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ApiError> invalidParameters(HandlerMethodValidationException e) {
        List<String> details = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> result.getMethodParameter().getParameterName() + ": "
                                + error.getDefaultMessage()))
                .sorted()
                .toList();
        return error(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "invalid request parameters", details);
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<ApiError> malformed(Exception e) {
        return error(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", e.getMessage(), List.of());
    }

    /**
     * PostgreSQL unreachable: an answer at once (the pool waits at most its connection timeout), not a
     * hang. A read the server cancelled at its statement bound (a lock held elsewhere) is answered the same way.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, CannotCreateTransactionException.class,
            QueryTimeoutException.class})
    ResponseEntity<ApiError> databaseUnavailable(Exception e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(new ApiError("UNAVAILABLE", "The database is not reachable; try again shortly", List.of()));
    }

    private static ResponseEntity<ApiError> error(HttpStatus status, String code, String message,
            List<String> details) {
        return ResponseEntity.status(status).body(new ApiError(code, message, details));
    }
}
