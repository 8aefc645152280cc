package io.batchpulse.gateway.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes the error envelope where no controller runs: servlet filters and Spring Security's handlers. */
@Component
public class ErrorResponseWriter {

    private final JsonMapper json;

    public ErrorResponseWriter(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse response, ApiException failure) throws IOException {
        response.setStatus(failure.code().status().value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        failure.headers().forEach(response::setHeader);
        json.writeValue(response.getOutputStream(), ApiResponse.failure(failure.toError()));
    }
}
