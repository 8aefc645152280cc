package io.batchpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;

class GatewayPropertiesTests {

    @Test
    void everyDefaultComesFromTheRecord() {
        GatewayProperties properties = bind(Map.of());

        assertThat(properties.commands().replyTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.limits().maxRequestBody()).isEqualTo(DataSize.ofMegabytes(16));
        assertThat(properties.auth().issuer()).isEqualTo("batchpulse");
        assertThat(properties.processors()).containsExactly("simulated", "http");
        assertThat(properties.stream().maxStreamsPerUser()).isEqualTo(20);
        assertThat(properties.uploads().maxItems()).isEqualTo(10_000_000);
        assertThat(properties.topics().prefix()).isEqualTo("batchpulse.");
        assertThat(properties.httpTargets().allowed()).isEmpty();
    }

    @Test
    void environmentVariablesSetPropertiesByTheirRelaxedNames() {
        GatewayProperties properties = bind(Map.of(
                "GATEWAY_COMMANDS_REPLYTIMEOUT", "20s",
                "GATEWAY_PROCESSORS", "simulated,http,ocr",
                "GATEWAY_UPLOADS_DIRECTORY", "/var/lib/uploads",
                "GATEWAY_STREAM_MAXSTREAMSPERUSER", "3",
                "GATEWAY_HTTPTARGETS_ALLOWED", "10.1.0.0/16,api.internal.example"));

        assertThat(properties.commands().replyTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(properties.processors()).containsExactly("simulated", "http", "ocr");
        assertThat(properties.uploads().directory()).isEqualTo("/var/lib/uploads");
        assertThat(properties.stream().maxStreamsPerUser()).isEqualTo(3);
        assertThat(properties.httpTargets().allowed()).containsExactly("10.1.0.0/16", "api.internal.example");
    }

    /** A literal gateway value in application.yml would be a second default beside the record's. */
    @Test
    void applicationYmlOnlyBindsEnvironmentVariablesUnderGateway() throws IOException {
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application",
                new ClassPathResource("application.yml"));
        for (PropertySource<?> source : sources) {
            for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                if (name.startsWith("gateway.")) {
                    assertThat(String.valueOf(source.getProperty(name))).as(name).matches("\\$\\{[A-Z_]+:[^}]*}");
                }
            }
        }
    }

    private static GatewayProperties bind(Map<String, Object> environment) {
        Binder binder = new Binder(ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)));
        return binder.bindOrCreate("gateway", GatewayProperties.class);
    }
}
