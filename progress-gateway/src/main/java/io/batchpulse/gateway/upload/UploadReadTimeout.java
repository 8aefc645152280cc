package io.batchpulse.gateway.upload;

import io.batchpulse.gateway.GatewayProperties;
import io.batchpulse.gateway.JettyEndPoints;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.io.EndPoint;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds a chunk's sender that stops (or trickles slower than one byte per {@code read-timeout}):
 * while a PATCH body is read, the connection's idle timeout is {@code gateway.uploads.read-timeout}
 * instead of the server's, so Jetty fails the blocked read, {@link UploadStore} keeps what arrived
 * and the connection closes. Afterwards the connection gets the server's timeout back (it may
 * carry the next request, keep-alive). A sender that trickles faster than that is bounded by the
 * chunk's deadline instead ({@code gateway.uploads.chunk-deadline}, in {@link UploadStore}).
 */
@Component
class UploadReadTimeout extends OncePerRequestFilter {

    private final long readTimeoutMillis;

    UploadReadTimeout(GatewayProperties properties) {
        this.readTimeoutMillis = properties.uploads().readTimeout().toMillis();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !HttpMethod.PATCH.matches(request.getMethod()) || !request.getRequestURI().startsWith("/api/v1/uploads/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        EndPoint endPoint = JettyEndPoints.of(request).orElse(null);
        if (endPoint == null) {
            chain.doFilter(request, response); // not on Jetty (a MockMvc slice): no connection to bound
            return;
        }
        long serverTimeout = endPoint.getIdleTimeout();
        endPoint.setIdleTimeout(readTimeoutMillis);
        try {
            chain.doFilter(request, response);
        } finally {
            endPoint.setIdleTimeout(serverTimeout);
        }
    }
}
