package io.batchpulse.gateway;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.eclipse.jetty.ee11.servlet.ServletApiRequest;
import org.eclipse.jetty.io.EndPoint;
import org.springframework.web.util.WebUtils;

/** The Jetty connection under a servlet request, for the settings Jetty makes only server-wide. */
public final class JettyEndPoints {

    private JettyEndPoints() {
    }

    /** The request's connection end point; empty off Jetty (a MockMvc slice has none). */
    public static Optional<EndPoint> of(HttpServletRequest request) {
        ServletApiRequest jetty = WebUtils.getNativeRequest(request, ServletApiRequest.class);
        return jetty == null ? Optional.empty()
                : Optional.of(jetty.getRequest().getConnectionMetaData().getConnection().getEndPoint());
    }
}
