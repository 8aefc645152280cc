package io.batchpulse.gateway.api;

/** The envelope of every /api/v1 answer: exactly one of data and error is set. */
public record ApiResponse<T>(T data, ApiError error) {

    public static <T> ApiResponse<T> of(T data) {
        return new ApiResponse<>(data, null);
    }

    public static ApiResponse<Void> failure(ApiError error) {
        return new ApiResponse<>(null, error);
    }
}
