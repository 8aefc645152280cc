package io.batchpulse.gateway.stream;

import io.batchpulse.gateway.JettyEndPoints;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.StandardSocketOptions;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Socket settings of one stream's connection, which Jetty sets only for all connections alike. */
final class StreamSockets {

    private static final Logger log = LoggerFactory.getLogger(StreamSockets.class);

    private StreamSockets() {
    }

    /** Caps the kernel's send buffer of the request's connection; nothing off Jetty (a MockMvc slice). */
    static void limitSendBuffer(HttpServletRequest request, int bytes) {
        if (!(JettyEndPoints.of(request).orElse(null) instanceof SocketChannelEndPoint endPoint)) {
            return;
        }
        try {
            endPoint.getChannel().setOption(StandardSocketOptions.SO_SNDBUF, bytes);
        } catch (IOException | UnsupportedOperationException e) {
            // the stream still works, with the kernel's own buffer size
            log.debug("Cannot set the send buffer of a stream's socket: {}", e.toString());
        }
    }
}
