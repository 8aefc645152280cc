package io.batchpulse.gateway.auth;

import io.batchpulse.gateway.api.ApiException;
import io.batchpulse.gateway.api.ErrorCode;
import io.batchpulse.gateway.api.ErrorResponseWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/** Spring Security's refusals, written as the API's error envelope. */
@Component
class JsonSecurityErrors implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ErrorResponseWriter writer;

    JsonSecurityErrors(ErrorResponseWriter writer) {
        this.writer = writer;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        boolean badToken = failure instanceof InvalidBearerTokenException;
        // RFC 6750: tell the client which scheme to use and, for a bad token, that it was the token.
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, badToken ? "Bearer error=\"invalid_token\"" : "Bearer");
        String message = badToken ? "The bearer token is not valid: " + failure.getMessage()
                : "A bearer token is required";
        writer.write(response, new ApiException(ErrorCode.UNAUTHORIZED, message));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException failure)
            throws IOException {
        writer.write(response, new ApiException(ErrorCode.FORBIDDEN, "You may not do this"));
    }
}
