package io.batchpulse.gateway.support;

import io.batchpulse.gateway.GatewayApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another gateway instance in this JVM (its own Spring context, port and state directory) on the
 * shared test broker, topics, fake orchestrator and Streams application.
 */
public final class SecondGateway {

    private SecondGateway() {
    }

    /** {@code settings}: more {@code --name=value} arguments, e.g. a setting the shared context cannot have. */
    public static ConfigurableApplicationContext start(Path stateDir, String... settings) {
        // as command-line arguments: they take precedence over application.yml, like a real deployment's
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + GatewayIntegrationTest.bootstrapServers(),
                "--gateway.topics.prefix=" + GatewayIntegrationTest.PREFIX,
                "--gateway.orchestrator.urls=" + GatewayIntegrationTest.orchestrator.url(),
                "--gateway.auth.hmac-secret=" + Tokens.SECRET,
                "--gateway.auth.audiences=" + Tokens.AUDIENCE,
                "--gateway.progress.application-id=" + GatewayIntegrationTest.PREFIX + "progress",
                "--gateway.progress.state-dir=" + stateDir,
                "--gateway.uploads.directory=" + stateDir.resolve("uploads"),
                "--gateway.stream.heartbeat=" + GatewayIntegrationTest.HEARTBEAT.toMillis() + "ms"));
        arguments.addAll(List.of(settings));
        return new SpringApplicationBuilder(GatewayApplication.class).run(arguments.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
