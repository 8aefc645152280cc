package io.batchpulse.gateway.stream;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat keeps a connection's buffers for as long as the connection is open, and an SSE stream's
 * connection is open for the whole batch: what is per connection here is paid by every viewer.
 * The application buffers between the socket and the HTTP layer are 8 KB each by default (and the
 * request header buffer is sized on top of the read one); 4 KB each still takes an SSE event or a
 * header block in one piece, while a REST upload or download only loops a little more. The
 * response header buffer is {@code server.tomcat.max-http-response-header-size} (application.yml).
 */
@Configuration(proxyBeanMethods = false)
class StreamServerSettings {

    static final int SOCKET_APP_BUFFER_BYTES = 4096;

    @Bean
    TomcatConnectorCustomizer streamSocketBuffers() {
        return connector -> {
            connector.setProperty("socket.appReadBufSize", String.valueOf(SOCKET_APP_BUFFER_BYTES));
            connector.setProperty("socket.appWriteBufSize", String.valueOf(SOCKET_APP_BUFFER_BYTES));
        };
    }
}
